package io.drover.agent.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;

/**
 * A libvirt connection that lends its native pointer to {@link DomainStates}: libvirt-java 0.5.4
 * has no binding for {@code virDomainGetState}, whose reason tells a guest the user paused from
 * one QEMU stopped on an error. The pointer is protected in {@link Connect}, hence the subclass.
 */
final class StateConnect extends Connect {
    StateConnect(String uri) throws LibvirtException {
        super(uri);
    }

    ConnectionPointer pointer() {
        return vcp;
    }
}
