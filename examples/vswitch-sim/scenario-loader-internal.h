/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: what the loader's files share (scenario-loader*.cc read the file section by
 * section, scenario-checks*.cc check across sections). Not an interface of the runner:
 * LoadScenario() in scenario.h is.
 */
#ifndef VSWITCH_SIM_SCENARIO_LOADER_INTERNAL_H
#define VSWITCH_SIM_SCENARIO_LOADER_INTERNAL_H

#include "scenario-checker.h"
#include "scenario.h"

#include "ns3/physical-switch.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vsim
{
namespace loader
{

/// The longest time a scenario may name (a day).
ns3::Time MaxTime();

/// The StunTime attribute's value for new VMotion objects (--ns3::VMotion::StunTime changes it).
ns3::Time DefaultStunTime();

// Reading (scenario-loader-hosts.cc)

/// A "security" member (of a vSwitch or a port group).
ns3::SecurityPolicy ParseSecurity(Checker& c, const json::object& parent, const std::string& path);
/// A "teaming" member.
ns3::TeamingPolicy ParseTeaming(Checker& c, const json::object& parent, const std::string& path);
/// A "macLearning" member.
ns3::MacLearningPolicy ParseLearning(Checker& c,
                                     const json::object& parent,
                                     const std::string& path);
/// A port group (of a vSwitch, or a dvPortgroup); false when it is not an object.
bool ParsePortGroup(Checker& c, const json::value& v, const std::string& path, PortGroupConfig& g);
/// What a host has (NICs, vSwitches, vmknics, VMs; nested hosts inside VMs, depth levels down).
void ParseHostBody(Checker& c,
                   const json::object& o,
                   const std::string& path,
                   HostConfig& h,
                   int depth);
/// A physical switch: ports, mirrors, LAGs, storm control.
void ParseSwitch(Checker& c, const json::value& v, const std::string& path, SwitchConfig& sw);
/// A distributed switch: uplinks, dvPortgroups, member hosts.
void ParseDistributedSwitch(Checker& c,
                            const json::value& v,
                            const std::string& path,
                            DistributedSwitchConfig& dvs);
/// "node:interface" into e; false when text is not of that form.
bool SplitEndpoint(const std::string& text, Endpoint& e);

// Reading (scenario-loader-traffic.cc): one entry of "traffic", "events", "captures", added
// to s.

/// One "traffic" entry.
void ParseTraffic(Checker& c, const json::value& v, const std::string& p, Scenario& s);
/// One "events" entry.
void ParseEvent(Checker& c, const json::value& v, const std::string& p, Scenario& s);
/// One "captures" entry.
void ParseCapture(Checker& c, const json::value& v, const std::string& p, Scenario& s);

// Checking across sections (scenario-checks*.cc)

/// Everything named in the scenario, for the cross-checks.
struct Directory
{
    std::map<std::string, const SwitchConfig*> switches;     //!< by name
    std::map<std::string, const HostConfig*> hosts;          //!< by ref, nested ones too
    std::map<std::string, const VmConfig*> vms;              //!< "vm1", "esxi01/vm1", nested
    std::map<std::string, const HostConfig*> vmHost;         //!< VM ref -> its host
    std::set<std::string> endpoints;                         //!< traffic senders
    std::map<std::string, std::string> macs;                 //!< MAC -> path of its owner
    std::vector<std::pair<IfAddress, std::string>> ips;      //!< address, path
    std::map<std::string, std::set<std::string>> dvGroups;   //!< host ref -> its dvPortgroups
    std::map<std::string, std::set<std::string>> hostGroups; //!< host ref -> every port group
    std::map<std::string, std::set<std::string>> lsGroups;   //!< host ref -> logical switches
    const NsxConfig* nsx{nullptr};                           //!< the NSX section
};

/// The entry of a switch port, by name (nullptr when the switch has none).
const SwitchPortConfig* PortEntry(const SwitchConfig& sw, const std::string& name);
/// A port entry's 802.1Q configuration, as the builder gives it to the switch.
ns3::PhysicalSwitch::VlanConfig VlanConfigOf(const SwitchPortConfig& p);
/// Teaming and MAC learning of a vSwitch or port group against its uplinks and kind.
void CheckPolicies(Checker& c,
                   const std::string& path,
                   const VSwitchConfig& vs,
                   const ns3::TeamingPolicy& t,
                   const ns3::MacLearningPolicy& l,
                   const std::string& kind = "uplink");
/// A MAC and an address, unique in the whole scenario (recorded in d).
void CheckMacAndIp(Checker& c,
                   Directory& d,
                   const std::string& path,
                   const std::optional<ns3::Mac48Address>& mac,
                   const std::optional<IfAddress>& ip);
/// One host (and its nested hosts): names, uplinks, port groups, VMs.
void CheckHost(Checker& c, Directory& d, const HostConfig& h);
/// The host references, for "(hosts: ...)".
std::string HostList(const Directory& d);
/// The MAC learning of a switch or port group on a distributed switch of some version.
void CheckLearningVersion(Checker& c,
                          const std::string& path,
                          const DistributedSwitchConfig& dvs,
                          const ns3::MacLearningPolicy& l);
/// The distributed switches: names, dvUplinks, member hosts and their vmnics.
void CheckDistributed(Checker& c, Directory& d, const Scenario& s);
/// IP-hash teaming against the LAGs of the switch ports it faces (warnings).
void CheckIpHashFacesLags(Checker& c, const Scenario& s);
/// The vMotion timeline; fills in each vMotion event's "from".
void CheckVmotions(Checker& c, const Directory& d, Scenario& s);
/// Every check across sections.
void CheckAll(Checker& c, Scenario& s);

} // namespace loader
} // namespace vsim

#endif // VSWITCH_SIM_SCENARIO_LOADER_INTERNAL_H
