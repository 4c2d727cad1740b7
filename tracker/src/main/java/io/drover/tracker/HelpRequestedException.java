package io.drover.tracker;

/** {@code -h}, {@code -help} or {@code --help} was given (Go's {@code flag.ErrHelp}). Exit status 0. */
final class HelpRequestedException extends UsageException {

    HelpRequestedException() {
        super("help requested");
    }
}
