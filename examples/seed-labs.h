/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The field cases of the spec ("seeds") as reusable experiments: each builds the seed's
 * topology with the module's helpers, runs it, and returns what the engineer looked at.
 * The seed example programs print these results; the seed integration tests assert them.
 */
#ifndef VSWITCH_EXAMPLES_SEED_LABS_H
#define VSWITCH_EXAMPLES_SEED_LABS_H

#include "ns3/esxi-host-helper.h"
#include "ns3/ethernet-helper.h"
#include "ns3/iputils-ping.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/physical-switch.h"
#include "ns3/pktcap-helper.h"

#include <array>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace seedlab
{

/// Frame accounting at the end of a run (ns3::FrameAccounting), taken before the simulator
/// is destroyed: the balance tests read it.
struct FrameCheck
{
    uint64_t framesIn{0};                ///< frames all ledgers took in
    std::vector<std::string> unbalanced; ///< the ledgers that do not balance, printed

    /// \return the accounting of the simulation as it stands
    static FrameCheck Take();
};

/**
 * \brief A physical switch with ESXi hosts cabled to trunk ports and bare-metal hosts on
 *        access ports: the fabric every seed sits on.
 */
class Fabric
{
  public:
    /// \param switchPorts ports of the physical switch "pswitch1" (Gi0/1 ...)
    explicit Fabric(uint32_t switchPorts = 16);

    /// An ESXi host whose NICs are cabled, in order, to the next free switch ports (trunks);
    /// with vSwitch0 on all of them unless `vswitch0` is false.
    ns3::Ptr<ns3::EsxiHost> AddHost(const std::string& name,
                                    const std::vector<std::string>& nics,
                                    bool vswitch0 = true);
    /// A VM with one vNIC and an IPv4 address ("" for none) on a host's port group.
    ns3::Ptr<ns3::Node> AddVm(ns3::Ptr<ns3::EsxiHost> host,
                              const std::string& portGroup,
                              const std::string& name,
                              const std::string& ip,
                              const std::string& mac = "",
                              uint32_t portId = 0);
    /// A bare-metal machine on the next free switch port, an access port of `vlan`.
    ns3::Ptr<ns3::Node> AddBareMetal(const std::string& name, uint16_t vlan, const std::string& ip);
    /// The switch port a host NIC is cabled to.
    std::string SwitchPortOf(ns3::Ptr<ns3::EsxiHost> host, const std::string& nic) const;

    ns3::Ptr<ns3::PhysicalSwitch> pswitch; //!< the physical switch
    ns3::EsxiHostHelper esxi;              //!< builds hosts
    ns3::EthernetHelper ethernet;          //!< cables

  private:
    uint32_t m_nextPort{1};
    std::map<std::string, std::string> m_cabling; //!< "host:nic" -> switch port
};

/// Counts the requests and replies of one pinging node (an IputilsPing application).
class PingCount : public ns3::SimpleRefCount<PingCount>
{
  public:
    /// Ping `to` from `from` once per second from `start` to `stop`; identifier -1 lets the
    /// application choose one.
    PingCount(ns3::Ptr<ns3::Node> from,
              ns3::Ipv4Address to,
              ns3::Time start,
              ns3::Time stop,
              int32_t identifier = -1);

    /// \return replies received
    uint32_t Replies() const
    {
        return m_replies;
    }

    /// \return requests sent
    uint32_t Sent() const;

  private:
    static void OnRtt(PingCount* self, uint16_t seq, ns3::Time rtt);
    ns3::Ptr<ns3::IputilsPing> m_app;
    uint32_t m_replies{0};
};

/// The IPv4 address of a node's first interface (after loopback).
ns3::Ipv4Address AddressOf(ns3::Ptr<ns3::Node> node);

// -----------------------------------------------------------------------------------------
// Seed 0: reverse teaming (spec section 4)

/// The ICMP identifier of the seed-0 engineer's ping (its dump shows 0x0d1d).
constexpr int32_t kSeed0PingIdentifier = 0x0d1d;

/// Options of the seed-0 reverse-teaming experiment.
struct Seed0Options
{
    uint32_t pings{5};          //!< echo requests VM A sends VM B, one per second
    bool mirror{true};          //!< make the switch port of B's unused uplink a mirror destination
    std::string outputDir{"."}; //!< where the pcaps go
    std::ostream* console{nullptr}; //!< where the `-c 3` console captures print (none: not run)
};

/// What the seed-0 engineer looked at, measured.
struct Seed0Result
{
    FrameCheck frames;               //!< frame accounting at the end of the run
    uint32_t pingsSent{0};           //!< echo requests sent
    uint32_t replies{0};             //!< echo replies received by VM A
    std::string pinnedUplink;        //!< uplink VM B's port is teamed to (esxtop TEAM-PNIC)
    std::string unusedUplink;        //!< B's other uplink, fed by the mirror
    uint32_t portId{0};              //!< VM B's port ID (50331657 as in the seed)
    uint64_t pinnedUplinkIcmp{0};    //!< `--uplink <pinned> --proto 0x01` (default: input)
    uint64_t unusedUplinkIcmp{0};    //!< `--uplink <unused> --proto 0x01`
    uint64_t portOutputIcmp{0};      //!< `--switchport P --dir 1 --proto 0x01 --capture PortOutput`
    uint64_t vnicRxIcmp{0};          //!< `... --capture VnicRx`
    uint64_t dropIcmp{0};            //!< `--switchport P --capture Drop --proto 0x01`
    uint64_t reverseTeamingDrops{0}; //!< B's port counter of reverse-teaming drops (all frames)
    std::vector<std::string> pcaps;  //!< files written
    std::string vmPortList;          //!< `esxcli network vm port list` on B's host
};

/// Run the seed-0 experiment.
Seed0Result RunSeed0ReverseTeaming(const Seed0Options& options);

// -----------------------------------------------------------------------------------------
// Seed 0: what a promiscuous VM sees (spec section 5, the visibility table)

/// One measured row of the visibility table.
struct VisibilityRow
{
    std::string source;      //!< e.g. "VM on H"
    std::string destination; //!< e.g. "outside H"
    std::string flow;        //!< which VMs or machines talked
    uint64_t sent{0};        //!< IPv4 frames of the flow sent
    uint64_t seen{0};        //!< of them, seen at the promiscuous VM's VnicRx
};

/// The visibility table, measured.
struct VisibilityResult
{
    FrameCheck frames;               //!< frame accounting at the end of the run
    std::string spyUplink;           //!< the promiscuous VM's uplink
    std::vector<VisibilityRow> rows; //!< the four rows; row 3 measured for both uplinks
};

/// Run the promiscuous visibility experiment (`pings` echo requests per flow).
VisibilityResult RunSeed0Visibility(uint32_t pings = 4);

// -----------------------------------------------------------------------------------------
// Seed 3: the path beyond vmnic1 loses what is flooded (spec sections 8 and 10)

/// One pair of machines of the seed-3 experiment.
struct PairResult
{
    std::string from;    //!< pinging VM
    std::string to;      //!< target
    uint32_t sent{0};    //!< echo requests
    uint32_t replies{0}; //!< echo replies
};

/// Seed-3 results.
struct Seed3Result
{
    FrameCheck frames;                        //!< frame accounting at the end of the run
    std::vector<PairResult> pairs;            //!< who could talk to whom
    std::string brokenVmUplink;               //!< uplink of the VM that cannot resolve ARP (vmnic1)
    std::string stormControlPort;             //!< the switch port facing it (storm control)
    uint64_t arpFromBrokenDefault[2]{0, 0};   //!< ARP from the broken VM, `--uplink vmnicN`
    uint64_t arpFromBrokenDir2[2]{0, 0};      //!< same with `--dir 2`
    uint64_t arpRepliesToBrokenDir2[2]{0, 0}; //!< ARP replies to it, `--dir 2`
    std::vector<PairResult> staticArpPairs;   //!< the broken VM with static ARP entries
    uint64_t staticArpRequestsOnVmnic1{0};    //!< its echo requests to the gateway leaving vmnic1
    uint64_t stormControlDrops{0};            //!< broadcast the switch port dropped (storm-control)
};

/**
 * \brief Run the seed-3 experiment: storm control drops all broadcast the switch receives
 *        from vmnic1 (level 0), unicast passes.
 *
 * The pktcap-uw sessions run while the pairs ping, as the engineer's did; then the broken
 * VM gets static ARP entries for the gateway and vm-c and pings them again.
 * \param outputDir where the pcaps of the `--dir 2` captures go ("" for none)
 * \return what was measured
 */
Seed3Result RunSeed3ArpBlackhole(const std::string& outputDir = "");

// -----------------------------------------------------------------------------------------
// Seed 4: nested ESXi (spec section 5)

/// One combination of the outer port group's policies.
struct NestedCase
{
    FrameCheck frames;           //!< frame accounting at the end of the run
    bool promiscuous{false};     //!< outer port group Promiscuous mode Accept
    bool forgedTransmits{false}; //!< outer port group Forged transmits Accept
    uint32_t sent{0};            //!< echo requests from the nested VM to the laptop
    uint32_t replies{0};         //!< replies
    uint64_t forgedDrops{0};     //!< outer host: drops of nested frames, reason forged-transmit
    uint64_t promiscuousDrops{
        0}; //!< outer host: drops of frames to nested MACs, reason promiscuous
};

/// Run the four combinations (promiscuous x forged transmits; MAC changes stays Reject).
std::vector<NestedCase> RunSeed4Nested(uint32_t pings = 4);

// -----------------------------------------------------------------------------------------
// Seed 1: a nested ESXi VM moved by vMotion on a distributed switch (spec sections 6, 7)

/// The MACs of seed 1: the nested ESXi VM's vNIC (its vmk0) and the guest inside it.
constexpr const char* kSeed1NestedMac = "00:50:56:60:e5:ed";
constexpr const char* kSeed1GuestMac = "00:0c:29:c6:07:20"; //!< the guest's eth0

/// Options of the seed-1 experiment.
struct Seed1Options
{
    bool macLearning{true};     //!< MAC learning on the dvPortgroup
    std::string outputDir{"."}; //!< where the destination's RARP capture goes
    double vmotionAt{15};       //!< when the vMotion starts (s)
    double preCopy{2};          //!< its pre-copy (s)
    double stopAt{60};          //!< end of the run (s)
};

/// What seed 1's engineer looked at, measured.
struct Seed1Result
{
    FrameCheck frames;                  //!< frame accounting at the end of the run
    double switchover{0};               //!< when the VM resumed on esxi02 (s)
    std::vector<double> nestedRarps;    //!< times of RARPs for the nested ESXi's MAC (esxi02)
    std::vector<double> guestRarps;     //!< times of RARPs for the guest's MAC (esxi02)
    uint32_t dvPortBefore{0};           //!< the nested ESXi VM's dvPort on esxi01
    uint32_t dvPortAfter{0};            //!< and on esxi02
    uint32_t portIdBefore{0};           //!< its port ID on esxi01
    uint32_t portIdAfter{0};            //!< and on esxi02
    std::string sourcePort;             //!< the physical switch port facing esxi01's vmnic0
    std::string destinationPort;        //!< and esxi02's
    std::string nestedMacPort;          //!< where the switch's table points the nested MAC
    std::string guestMacPort;           //!< and the guest's
    std::string macTable;               //!< `show mac address-table` at the end
    uint32_t laptopSent{0};             //!< laptop -> guest echo requests
    uint32_t laptopReplies{0};          //!< their replies
    uint32_t guestSent{0};              //!< guest -> laptop echo requests
    uint32_t guestReplies{0};           //!< their replies
    uint64_t unknownUnicastAtSource{0}; //!< frames for the VM's MACs dropped at esxi01 after
    std::string pcap;                   //!< the destination's capture
    std::string vmPortList;             //!< `esxcli network vm port list` on esxi02
};

/// Run the seed-1 experiment.
Seed1Result RunSeed1VMotion(const Seed1Options& options);

} // namespace seedlab

#endif
