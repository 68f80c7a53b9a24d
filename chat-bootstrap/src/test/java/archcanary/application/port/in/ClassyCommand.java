package archcanary.application.port.in;

/** Canary fixture: a command that is a mutable class instead of a record. */
public class ClassyCommand {

    public String text = "";
}
