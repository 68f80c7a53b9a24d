package archcanary.application.port.out;

/** Canary fixture: an out port not named *Port. */
public interface MessageRepository {

    void save(String message);
}
