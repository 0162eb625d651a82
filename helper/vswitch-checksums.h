/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VSWITCH_CHECKSUMS_H
#define VSWITCH_VSWITCH_CHECKSUMS_H

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Turn on ns-3's IPv4, ICMP, UDP and TCP checksums (the `ChecksumEnabled` global),
 *        unless the `VSwitchChecksums` global says not to.
 *
 * ns-3 computes no checksums by default, so every IPv4 and ICMP header of a pcap carries
 * 0x0000 and Wireshark flags the frames as bad. Frames of this module become pcaps that
 * users read as they read real ones, so the module's helpers (EthernetHelper,
 * PhysicalSwitchHelper, EsxiHostHelper, IputilsPingHelper, PktcapHelper) call this when they
 * are constructed. To run without checksums (they cost some CPU per packet; doc/vswitch.rst
 * gives the measured figure), set the global before building the topology:
 * `--VSwitchChecksums=false` on a CommandLine parsed first, or
 * `GlobalValue::Bind("VSwitchChecksums", BooleanValue(false))`.
 *
 * ns-3 reads `ChecksumEnabled` per packet, so the call takes effect for every packet sent
 * afterwards.
 */
void EnableChecksumsByDefault();

} // namespace ns3

#endif /* VSWITCH_VSWITCH_CHECKSUMS_H */
