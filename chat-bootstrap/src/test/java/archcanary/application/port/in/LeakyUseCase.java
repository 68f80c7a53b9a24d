package archcanary.application.port.in;

import archcanary.application.port.out.MessageRepository;

/** Canary fixture: an in port that exposes an out port and takes raw parameters. */
public interface LeakyUseCase {

    void send(MessageRepository repository, String text);
}
