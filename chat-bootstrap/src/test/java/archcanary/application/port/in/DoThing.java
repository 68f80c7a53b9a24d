package archcanary.application.port.in;

/** Canary fixture: an in port not named *UseCase. */
public interface DoThing {

    void doIt(DoThingCommand command);
}
