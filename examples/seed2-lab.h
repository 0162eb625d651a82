/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_SEED2_LAB_H
#define VSWITCH_SEED2_LAB_H

#include "seed-labs.h"

#include <cstdint>
#include <string>
#include <vector>

namespace seedlab
{

// -----------------------------------------------------------------------------------------
// Seed 2: an NSX logical switch, STEP0-6 (spec section 9)

/// How to run seed 2.
struct Seed2Options
{
    bool arpSuppression{true}; //!< the logical switch's IP discovery (ARP suppression)
    std::string outputDir;     //!< where the underlay pcap goes
};

/// What seed 2's engineer printed after one step.
struct Seed2Step
{
    std::string name;  //!< "STEP0" ...
    double at;         //!< simulated time of the snapshot, seconds
    std::string views; //!< the commands and their output, as typed in the seed
};

/// What seed 2 showed.
struct Seed2Result
{
    seedlab::FrameCheck frames;       //!< frame accounting at the end of the run
    std::vector<Seed2Step> steps;     //!< STEP0..STEP6
    uint32_t pingsSent{0};            //!< A's pings to B
    uint32_t pingsReceived{0};        //!< their replies
    uint32_t vtepPingReplies{0};      //!< `ping ++netstack=vxlan -I vmk3 -d -s 1572` replies
    uint32_t arpRequestsOverVxlan{0}; //!< ARP requests from A encapsulated by esxi01
    uint32_t arpSuppressed{0};        //!< ARP requests esxi01 answered itself
    std::string controllerOfVni;      //!< the controller owning VNI 5001
    std::string underlayPcap;         //!< esxi01's uplink as the physical switch port sees it
};

/**
 * \brief Seed 2: two ESXi hosts of one transport segment (VTEPs 192.168.250.51/.52, vmk3 on
 *        Compute_VDS, MTU 1600) and a third in a routed segment (192.168.150.51), three
 *        controllers (192.168.110.201-203), logical switch 5001 in unicast mode; VMs A
 *        (172.16.10.11, esxi01) and B (172.16.10.12, esxi02) power on, announce themselves,
 *        and A pings B. The views are printed after each of the seed's steps.
 * \param options the options
 * \return what it showed
 */
Seed2Result RunSeed2LogicalSwitch(const Seed2Options& options);

/// MAC of VM A ("AA:AA:AA:AA:AA:AA" in the seed, a placeholder).
constexpr const char* kSeed2MacA = "00:50:56:aa:aa:aa";
/// MAC of VM B.
constexpr const char* kSeed2MacB = "00:50:56:bb:bb:bb";
/// MAC of esxi01's VTEP ("01:01:01:01:01:01" in the seed, a placeholder).
constexpr const char* kSeed2Vtep1Mac = "00:50:56:61:00:51";
/// MAC of esxi02's VTEP ("02:02:02:02:02:02" in the seed).
constexpr const char* kSeed2Vtep2Mac = "00:50:56:61:00:52";
/// MAC of the transport gateway (the seed's neighbour list shows 00:50:56:01:1e:3d).
constexpr const char* kSeed2GatewayMac = "00:50:56:01:1e:3d";

} // namespace seedlab

#endif /* VSWITCH_SEED2_LAB_H */
