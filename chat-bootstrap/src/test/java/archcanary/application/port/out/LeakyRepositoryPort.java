package archcanary.application.port.out;

import archcanary.application.port.in.DoThingCommand;

/** Canary fixture: an out port that takes an in port's command. */
public interface LeakyRepositoryPort {

    void store(DoThingCommand command);
}
