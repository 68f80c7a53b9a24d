package archcanary.application.port.in;

/** Canary fixture: a well-formed command, so that only the interface's name is wrong in DoThing. */
public record DoThingCommand(String what) {
}
