package io.drover.tracker;

/** The command line cannot be used: unknown flag, missing or bad value. Exit status 2. */
class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
