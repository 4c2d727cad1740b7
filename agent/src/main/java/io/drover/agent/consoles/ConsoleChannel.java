package io.drover.agent.consoles;

import java.io.Closeable;
import java.io.IOException;

/** A VM's console as bytes: its display's RFB socket or its serial port. */
interface ConsoleChannel extends Closeable {
    /** Blocks until some bytes arrive; -1 when the console has ended (the VM stopped) or was closed. */
    int read(byte[] buffer) throws IOException;

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Ends the console; a {@link #read} blocked in another thread returns -1. */
    @Override
    void close();
}
