package io.drover.agent.consoles;

/** The console cannot be opened; the message is for the user who asked. */
final class ConsoleRefused extends Exception {
    ConsoleRefused(String message) {
        super(message, null, false, false);
    }
}
