package io.drover.server.networks;

/** A VM's NIC: its place in the VM's list, its network, the MAC Drover chose and the address it holds (null for none). */
public record VmNic(String vmId, int position, String networkId, String mac, String subnetId, String address) {}
