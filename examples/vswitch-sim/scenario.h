/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the scenario file, loaded and checked (doc/scenario-format.rst).
 */
#ifndef VSWITCH_SIM_SCENARIO_H
#define VSWITCH_SIM_SCENARIO_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac-learning-policy.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/security-policy.h"
#include "ns3/teaming-policy.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vsim
{

/// The largest "rank" a switch or host may name (vswitch-sim --mpi).
constexpr int64_t kMaxRank = 4095;

/// An IPv4 address with its prefix ("192.168.100.11/24").
struct IfAddress
{
    ns3::Ipv4Address address; //!< the address
    uint32_t prefix{32};      //!< prefix length
    /// \return the mask
    ns3::Ipv4Mask Mask() const;
    /// \return "a.b.c.d/len"
    std::string ToString() const;
};

/// A NIC of a VM.
struct VmNicConfig
{
    std::string path;                        //!< JSON path, for messages
    std::string portGroup;                   //!< port group on the VM's host
    std::optional<ns3::Mac48Address> mac;    //!< MAC (default: VMware's range)
    std::optional<IfAddress> ip;             //!< IPv4 configuration
    std::optional<ns3::Ipv4Address> gateway; //!< default route
    bool promiscuous{false};                 //!< guest puts the vNIC in promiscuous mode
};

struct HostConfig;

/// A VM (possibly a nested ESXi host).
struct VmConfig
{
    std::string path;                   //!< JSON path
    std::string name;                   //!< its name
    std::string ref;                    //!< host path + "/" + name ("esxi01/vm1")
    std::vector<VmNicConfig> nics;      //!< its vNICs, eth0 first
    std::unique_ptr<HostConfig> nested; //!< the nested ESXi host it runs, if any
    std::optional<ns3::Time> powerOn;   //!< its own power-on time, if given
};

/// A port group.
struct PortGroupConfig
{
    std::string path;                //!< JSON path
    std::string name;                //!< name
    uint16_t vlan{0};                //!< VLAN ID 0-4095
    ns3::SecurityPolicy security;    //!< overrides
    ns3::TeamingPolicy teaming;      //!< overrides
    ns3::MacLearningPolicy learning; //!< overrides
};

/// A vSwitch.
struct VSwitchConfig
{
    std::string path;                        //!< JSON path
    std::string name;                        //!< name
    bool distributed{false};                 //!< type
    std::vector<std::string> uplinks;        //!< uplink NICs
    ns3::SecurityPolicy security;            //!< switch security (unset keys: defaults)
    ns3::TeamingPolicy teaming;              //!< switch teaming
    ns3::MacLearningPolicy learning;         //!< switch MAC learning
    std::vector<PortGroupConfig> portGroups; //!< port groups
};

/// A VMkernel NIC.
struct VmknicConfig
{
    std::string path;                        //!< JSON path
    std::string name;                        //!< vmkN
    std::string portGroup;                   //!< its port group
    std::optional<ns3::Mac48Address> mac;    //!< MAC
    std::optional<IfAddress> ip;             //!< IPv4 configuration
    std::optional<ns3::Ipv4Address> gateway; //!< default route (of the host's stack)
};

/// An ESXi host (top-level or nested).
struct HostConfig
{
    std::string path;                     //!< JSON path
    std::string name;                     //!< host name (a nested host: its VM's name)
    std::string ref;                      //!< "esxi01", "esxi01/nested1"
    bool nested{false};                   //!< runs in a VM
    std::optional<uint32_t> rank;         //!< MPI rank that simulates it (top-level hosts)
    std::vector<std::string> nics;        //!< vmnicN
    std::vector<VSwitchConfig> vswitches; //!< vSwitches
    std::vector<VmknicConfig> vmknics;    //!< VMkernel NICs
    std::vector<VmConfig> vms;            //!< VMs
};

/// A member host of a distributed switch.
struct DvsHostConfig
{
    std::string path;                                         //!< JSON path
    std::string host;                                         //!< the host (reference)
    std::vector<std::pair<std::string, std::string>> uplinks; //!< dvUplink -> vmnic, in file order
};

/// A vCenter distributed switch spanning hosts.
struct DistributedSwitchConfig
{
    std::string path;                        //!< JSON path
    std::string name;                        //!< name (also its proxies' name on each host)
    std::string version{"7.0"};              //!< 6.5, 6.7, 7.0
    std::optional<uint16_t> mtu;             //!< MTU of the mapped vmnics
    std::vector<std::string> uplinks;        //!< dvUplink names
    ns3::SecurityPolicy security;            //!< switch-wide security
    ns3::TeamingPolicy teaming;              //!< switch-wide teaming (lists name dvUplinks)
    ns3::MacLearningPolicy learning;         //!< switch-wide MAC learning
    std::vector<PortGroupConfig> portGroups; //!< dvPortgroups (teaming lists name dvUplinks)
    std::vector<DvsHostConfig> hosts;        //!< member hosts
};

/// A physical switch port.
struct SwitchPortConfig
{
    std::string path;            //!< JSON path
    std::string name;            //!< Gi0/1
    bool trunk{false};           //!< mode
    std::vector<uint16_t> vlans; //!< trunk: allowed VLANs (empty: all)
    uint16_t nativeVlan{1};      //!< trunk: native VLAN
    uint16_t vlan{1};            //!< access: VLAN
};

/// A mirror (SPAN) session.
struct MirrorConfig
{
    std::string path;                 //!< JSON path
    std::vector<std::string> sources; //!< source ports
    std::string direction{"both"};    //!< rx, tx, both
    std::string destination;          //!< destination port
};

/// A static LAG.
struct LagConfig
{
    std::string path;                 //!< JSON path
    std::string name;                 //!< Po1
    std::vector<std::string> members; //!< member ports
};

/// A bare-metal host plugged into a switch port.
struct SwitchHostConfig
{
    std::string path;                        //!< JSON path
    std::string name;                        //!< name
    std::string port;                        //!< switch port
    std::optional<IfAddress> ip;             //!< IPv4 configuration
    std::optional<ns3::Mac48Address> mac;    //!< MAC
    std::optional<ns3::Ipv4Address> gateway; //!< default route
};

/// A physical switch.
struct SwitchConfig
{
    std::string path;                      //!< JSON path
    std::string name;                      //!< name
    std::optional<ns3::Time> macAgingTime; //!< MAC ageing
    std::optional<uint32_t> rank;          //!< MPI rank that simulates it (vswitch-sim --mpi)
    std::vector<SwitchPortConfig> ports;   //!< ports
    std::vector<MirrorConfig> mirrors;     //!< SPAN sessions
    std::vector<LagConfig> lags;           //!< LAGs
    std::vector<SwitchHostConfig> hosts;   //!< bare-metal hosts
};

/// An interface of a router, plugged into a switch port.
struct RouterInterfaceConfig
{
    std::string path;            //!< JSON path
    std::string sw;              //!< switch
    std::string port;            //!< its port
    IfAddress ip;                //!< address and prefix
    bool hasIp{false};           //!< "ip" was given and valid
    std::optional<uint16_t> mtu; //!< MTU (default 1500)
    uint16_t vlan{0};            //!< tagged sub-interface VLAN (0: untagged)
};

/// An IPv4 router of the underlay.
struct RouterConfig
{
    std::string path;                              //!< JSON path
    std::string name;                              //!< name
    std::vector<RouterInterfaceConfig> interfaces; //!< interfaces, in order
    bool multicastRouting{false};                  //!< forward multicast between interfaces
};

/// One end of a link: "host:nic" or "switch:port".
struct Endpoint
{
    std::string text;      //!< as written
    std::string node;      //!< host or switch name
    std::string interface; //!< NIC or port
    bool isSwitch{false};  //!< a switch port
};

/// A cable.
struct LinkConfig
{
    std::string path;                      //!< JSON path
    Endpoint a;                            //!< one end
    Endpoint b;                            //!< other end
    std::optional<ns3::DataRate> dataRate; //!< line rate
    std::optional<ns3::Time> delay;        //!< propagation delay
    std::optional<uint16_t> mtu;           //!< MTU
};

/// An NSX controller.
struct NsxControllerConfig
{
    std::string path;    //!< JSON path ("" for a default one)
    std::string name;    //!< controller-1, ...
    ns3::Ipv4Address ip; //!< its address
};

/// An NSX logical switch.
struct LogicalSwitchConfig
{
    std::string path;                               //!< JSON path
    uint32_t vni{0};                                //!< VNI 5000-16777215
    std::string name;                               //!< its name, and its port groups'
    std::string replication{"unicast"};             //!< unicast, multicast, hybrid
    bool arpSuppression{true};                      //!< ARP suppression
    std::optional<ns3::Ipv4Address> multicastGroup; //!< group (multicast, hybrid)
};

/// An NSX VTEP: a vmknic of a host on a distributed switch, on the vxlan netstack.
struct VtepConfig
{
    std::string path;                        //!< JSON path
    std::string host;                        //!< the host (reference)
    std::string vswitch;                     //!< the distributed switch
    std::string vmk{"vmk3"};                 //!< the vmknic's name
    std::optional<IfAddress> ip;             //!< address and prefix
    std::optional<ns3::Ipv4Address> gateway; //!< default route of the vxlan netstack
    uint16_t vlan{0};                        //!< transport VLAN (0: untagged)
    std::optional<ns3::Mac48Address> mac;    //!< MAC (default: VMware's range)
};

/// The "nsx" section.
struct NsxConfig
{
    bool present{false};                              //!< the file has an "nsx" section
    std::string path{"nsx"};                          //!< JSON path
    std::vector<NsxControllerConfig> controllers;     //!< controllers (three by default)
    std::optional<ns3::Time> controlPlaneDelay;       //!< one-way control-plane delay
    std::optional<uint16_t> udpPort;                  //!< VXLAN UDP port
    bool learnVteps{false};                           //!< learn external VTEPs from data
    std::vector<LogicalSwitchConfig> logicalSwitches; //!< logical switches
    std::vector<VtepConfig> vteps;                    //!< VTEPs, one per host
};

/// A traffic source (or a static ARP entry, or a gratuitous ARP).
struct TrafficConfig
{
    std::string path;              //!< JSON path
    std::string type;              //!< ping, udp, tcp, static-arp, garp
    std::string from;              //!< sender (static-arp: "on")
    std::string to;                //!< as written
    ns3::Ipv4Address toIp;         //!< destination (static-arp: "ip")
    uint16_t toPort{0};            //!< destination port (udp, tcp)
    ns3::Time start;               //!< start (garp: "at")
    std::optional<ns3::Time> stop; //!< stop
    ns3::Time interval;            //!< ping interval
    std::optional<uint32_t> count; //!< ping count
    int32_t identifier{-1};        //!< ping ICMP identifier (-1: one per sender)
    uint32_t size{0};              //!< payload size
    ns3::DataRate rate;            //!< udp rate
    ns3::Mac48Address mac;         //!< static-arp MAC
    bool dontFragment{false};      //!< ping: DF set, never fragmented (ping -d / -M do)
};

/// A scheduled event.
struct EventConfig
{
    std::string path;       //!< JSON path
    ns3::Time at;           //!< when
    std::string type;       //!< link-down, link-up, blackhole, storm-control, guest-mac,
                            //!< vnic-reconnect, vmotion, controller-down, controller-up
    Endpoint link;          //!< link-down/up: an endpoint of a link
    Endpoint port;          //!< blackhole, storm-control: a switch port
    std::string direction;  //!< blackhole: rx, tx, both, none
    std::string traffic;    //!< storm-control: broadcast, multicast, unicast
    uint32_t level{100};    //!< storm-control: percent of the port's bandwidth
    std::string vm;         //!< guest-mac, vnic-reconnect, vmotion
    uint32_t nic{0};        //!< vNIC index
    ns3::Mac48Address mac;  //!< guest-mac
    std::string to;         //!< vmotion: destination host (reference)
    std::string from;       //!< vmotion: the host the VM runs on then (filled in by the checks)
    ns3::Time duration;     //!< vmotion: pre-copy time
    ns3::Time stun;         //!< vmotion: stun time (the file's, or the StunTime attribute's)
    std::string controller; //!< controller-down/up: the NSX controller
};

/// A capture.
struct CaptureConfig
{
    std::string path;          //!< JSON path
    std::string host;          //!< ESXi host (ref), for pktcap captures
    std::string vm;            //!< VM whose port fills in --switchport
    uint32_t nic{0};           //!< its vNIC index
    std::string pktcap;        //!< pktcap-uw options
    std::string output;        //!< output file ("" for console / default name)
    bool insertVlanTag{false}; //!< the file shows VLAN metadata as an 802.1Q tag
    std::string sw;            //!< switch, for plain port pcaps
    std::string port;          //!< its port
};

/// A whole scenario file.
/// One "emulate" entry: a switch port bound to a Linux tap (doc/scenario-format.rst).
struct EmulateConfig
{
    std::string path;   //!< JSON path
    std::string sw;     //!< the physical switch
    std::string port;   //!< its port (nothing else plugged in)
    std::string tap;    //!< the Linux tap interface
    bool create{false}; //!< create the tap (else it must exist)
    std::string ip;     //!< address of the Linux side to set ("" to leave it alone)
};

/// The "realtime" section: how the real-time scheduler runs and how its lag is measured.
struct RealtimeConfig
{
    bool present{false};                           //!< the file has a "realtime" section
    std::string path{"realtime"};                  //!< JSON path
    std::string synchronization{"best-effort"};    //!< best-effort, hard-limit
    ns3::Time hardLimit{ns3::MilliSeconds(100)};   //!< hard-limit: the largest lag allowed
    ns3::Time sampleInterval{ns3::MilliSeconds(10)}; //!< lag sampling period
    ns3::Time lateThreshold{ns3::MilliSeconds(10)};  //!< a sample beyond this is late
};

struct Scenario
{
    std::string file;         //!< file name as given (for messages)
    std::string name;         //!< scenario name
    std::string description;  //!< free text
    ns3::Time stopTime;       //!< simulated time
    std::string stopTimeText; //!< as written
    std::vector<SwitchConfig> switches;
    std::vector<RouterConfig> routers;
    std::vector<HostConfig> hosts;
    std::vector<DistributedSwitchConfig> distributedSwitches;
    std::vector<LinkConfig> links;
    std::vector<TrafficConfig> traffic;
    std::vector<EventConfig> events;
    std::vector<CaptureConfig> captures;
    NsxConfig nsx; //!< NSX controllers, logical switches and VTEPs
    std::vector<EmulateConfig> emulate; //!< switch ports bound to Linux taps
    RealtimeConfig realtime;            //!< the real-time scheduler
    /// \return whether the run uses the real-time scheduler (an emulate entry or "realtime")
    bool Realtime() const
    {
        return !emulate.empty() || realtime.present;
    }
    /// what the loader noticed in a valid file that will not behave as its author probably
    /// expects, each "FILE: PATH: what and why (what would help)"
    std::vector<std::string> warnings;
};

/**
 * \brief Parse and check a scenario.
 * \param text the JSON text
 * \param file the file name for messages (and the default scenario name)
 * \param scenario filled in, its warnings too
 * \param stopTimeOption the value of the command line's --stopTime ("" for none): it
 *        replaces the file's stopTime, and events and traffic after it are errors naming
 *        --stopTime
 * \return every problem found, each "FILE: PATH: what is wrong (what would be right)";
 *         empty when the scenario is good
 */
std::vector<std::string> LoadScenario(const std::string& text,
                                      const std::string& file,
                                      Scenario& scenario,
                                      const std::string& stopTimeOption = "");

/// \return the built-in default scenario (examples/scenarios/seed0-reverse-teaming.json)
const char* DefaultScenarioText();

/**
 * \brief Parse a time string ("1s", "250ms") the way ns-3 does, without aborting.
 * \param text the string
 * \param out the time
 * \return false when ns-3 would not accept it
 */
bool ParseTime(const std::string& text, ns3::Time& out);

} // namespace vsim

#endif
