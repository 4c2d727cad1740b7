package io.drover.agent.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.jna.ConnectionPointer;

/**
 * {@code virNetworkUpdate}, which libvirt-java 0.5.4 does not bind: adds and removes a libvirt
 * network's DHCP reservations and DNS records while it runs, and in its saved definition, without
 * restarting it (a restart would cut every guest on its bridge off for a moment).
 */
public final class NetworkUpdates {
    /** virNetworkUpdateCommand. */
    public static final int DELETE = 2, ADD_LAST = 3;
    /** virNetworkUpdateSection. */
    public static final int IP_DHCP_HOST = 4, DNS_HOST = 10;
    /** virNetworkUpdateFlags: the running network and its saved definition. */
    private static final int AFFECT_LIVE = 1, AFFECT_CONFIG = 2;

    interface UpdateApi extends com.sun.jna.Library {
        Pointer virNetworkLookupByName(ConnectionPointer conn, String name);

        int virNetworkUpdate(Pointer network, int command, int section, int parentIndex, String xml, int flags);

        int virNetworkFree(Pointer network);

        /** This thread's last libvirt error, in words. */
        String virGetLastErrorMessage();
    }

    private static volatile UpdateApi lib;

    private NetworkUpdates() {}

    /** Applies one update to the network named {@code network}; libvirt's refusal is thrown as its own words. */
    public static void update(Connect c, String network, int command, int section, String xml) {
        if (!(c instanceof StateConnect sc)) throw new NetworkUpdateFailed("network updates need the agent's own libvirt connection");
        UpdateApi api = api();
        Pointer n = api.virNetworkLookupByName(sc.pointer(), network);
        if (n == null) throw new NetworkUpdateFailed("no libvirt network " + network + ": " + api.virGetLastErrorMessage());
        try {
            // parentIndex -1: the first <ip> element, the one with the DHCP server.
            if (api.virNetworkUpdate(n, command, section, -1, xml, AFFECT_LIVE | AFFECT_CONFIG) < 0) {
                throw new NetworkUpdateFailed(api.virGetLastErrorMessage());
            }
        } finally {
            api.virNetworkFree(n);
        }
    }

    /** libvirt refused an update (or there was no network to update), in its words. */
    public static final class NetworkUpdateFailed extends RuntimeException {
        NetworkUpdateFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static UpdateApi api() {
        UpdateApi a = lib;
        if (a == null) {
            synchronized (NetworkUpdates.class) {
                if (lib == null) lib = Native.load("virt", UpdateApi.class);
                a = lib;
            }
        }
        return a;
    }
}
