/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch._core: ESXi hosts and their helper, standard and distributed vSwitches, port
 * groups, virtual ports, vNICs, and the security / teaming / MAC learning policies (keyword
 * arguments named as in the scenario format).
 */
#include "bindings.h"

#include "ns3/distributed-port-group.h"
#include "ns3/distributed-switch.h"
#include "ns3/esxi-host-helper.h"
#include "ns3/esxi-host.h"
#include "ns3/log.h"
#include "ns3/mac-learning-policy.h"
#include "ns3/physical-switch.h"
#include "ns3/port-group.h"
#include "ns3/security-policy.h"
#include "ns3/string.h"
#include "ns3/teaming-policy.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vswitch-port.h"
#include "ns3/vswitch.h"

#include <pybind11/stl.h>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchPythonHosts");

namespace py = pybind11;
using namespace ns3;

namespace vswitch_python
{

namespace
{

/// \return a MAC from text ("" gives the default, an automatic one) \param text it
Mac48Address
MacOrAuto(const std::string& text)
{
    unsigned b[6];
    char tail;
    if (text.empty())
    {
        return Mac48Address();
    }
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                    &b[5], &tail) != 6)
    {
        throw py::value_error("\"" + text + "\" is not a MAC (aa:bb:cc:dd:ee:ff)");
    }
    return Mac48Address(text.c_str());
}

/// \return the text of what a Print*(std::ostream&) view writes \param host the host
/// \param print the view
std::string
View(const EsxiHost& host, void (EsxiHost::*print)(std::ostream&) const)
{
    std::ostringstream os;
    (host.*print)(os);
    return os.str();
}

/// \return an "accept" / "reject" / "inherit" setting \param key the keyword
/// \param v its value (a str or a bool)
PolicySetting
SettingOf(const std::string& key, const py::handle& v)
{
    if (py::isinstance<py::bool_>(v))
    {
        return v.cast<bool>() ? PolicySetting::Accept : PolicySetting::Reject;
    }
    std::string s = py::str(v);
    if (s == "accept")
    {
        return PolicySetting::Accept;
    }
    if (s == "reject")
    {
        return PolicySetting::Reject;
    }
    if (s == "inherit")
    {
        return PolicySetting::Inherit;
    }
    throw py::value_error(key + "=\"" + s + "\": write accept, reject or inherit");
}

/// \return a security policy from promiscuous=, macChanges=, forgedTransmits= \param kw them
SecurityPolicy
SecurityOf(const py::kwargs& kw)
{
    SecurityPolicy p;
    for (const auto& item : kw)
    {
        std::string key = py::str(item.first);
        if (key == "promiscuous")
        {
            p.promiscuous = SettingOf(key, item.second);
        }
        else if (key == "macChanges")
        {
            p.macChanges = SettingOf(key, item.second);
        }
        else if (key == "forgedTransmits")
        {
            p.forgedTransmits = SettingOf(key, item.second);
        }
        else
        {
            throw py::type_error("security policy: no setting \"" + key +
                                 "\"; the settings: promiscuous, macChanges, forgedTransmits");
        }
    }
    return p;
}

/// \return a teaming policy from loadBalancing=, active=, standby=, failureDetection=,
///         notifySwitches=, failback= \param kw them
TeamingPolicy
TeamingOf(const py::kwargs& kw)
{
    TeamingPolicy p;
    for (const auto& item : kw)
    {
        std::string key = py::str(item.first);
        if (key == "loadBalancing")
        {
            LoadBalancing lb;
            std::string v = py::str(item.second);
            if (!LoadBalancingFromString(v, lb))
            {
                throw py::value_error("loadBalancing=\"" + v +
                                      "\": write originating-port, source-mac, ip-hash, "
                                      "explicit-failover or physical-nic-load");
            }
            p.loadBalancing = lb;
        }
        else if (key == "failureDetection")
        {
            FailureDetection fd;
            std::string v = py::str(item.second);
            if (!FailureDetectionFromString(v, fd))
            {
                throw py::value_error("failureDetection=\"" + v +
                                      "\": write link-status or beacon-probing");
            }
            p.failureDetection = fd;
        }
        else if (key == "active")
        {
            p.active = item.second.cast<std::vector<std::string>>();
        }
        else if (key == "standby")
        {
            p.standby = item.second.cast<std::vector<std::string>>();
        }
        else if (key == "notifySwitches")
        {
            p.notifySwitches = item.second.cast<bool>();
        }
        else if (key == "failback")
        {
            p.failback = item.second.cast<bool>();
        }
        else
        {
            throw py::type_error("teaming policy: no setting \"" + key +
                                 "\"; the settings: loadBalancing, active, standby, "
                                 "failureDetection, notifySwitches, failback");
        }
    }
    return p;
}

/// \return a MAC learning policy from enabled=, allowUnicastFlooding=, limit=, limitPolicy=,
///         agingTime= \param kw them
MacLearningPolicy
MacLearningOf(const py::kwargs& kw)
{
    MacLearningPolicy p;
    for (const auto& item : kw)
    {
        std::string key = py::str(item.first);
        if (key == "enabled")
        {
            p.enabled = item.second.cast<bool>();
        }
        else if (key == "allowUnicastFlooding")
        {
            p.allowUnicastFlooding = item.second.cast<bool>();
        }
        else if (key == "limit")
        {
            p.limit = item.second.cast<uint32_t>();
        }
        else if (key == "limitPolicy")
        {
            MacLimitPolicy lp;
            std::string v = py::str(item.second);
            if (!MacLimitPolicyFromString(v, lp))
            {
                throw py::value_error("limitPolicy=\"" + v + "\": write drop or allow");
            }
            p.limitPolicy = lp;
        }
        else if (key == "agingTime")
        {
            p.agingTime = item.second.cast<Time>();
        }
        else
        {
            throw py::type_error("MAC learning policy: no setting \"" + key +
                                 "\"; the settings: enabled, allowUnicastFlooding, limit, "
                                 "limitPolicy, agingTime");
        }
    }
    return p;
}

/// \return the views of a host's ports as dicts \param host the host
py::list
PortViews(const EsxiHost& host)
{
    py::list rows;
    for (const auto& v : host.GetPortViews())
    {
        py::dict d;
        d["portId"] = v.portId;
        d["type"] = v.type;
        d["vswitch"] = v.switchName;
        d["portGroup"] = v.portGroup;
        d["mac"] = Text(v.mac);
        d["client"] = v.client;
        d["teamUplink"] = v.teamUplink;
        d["ip"] = v.ip;
        d["txFrames"] = v.txFrames;
        d["rxFrames"] = v.rxFrames;
        rows.append(d);
    }
    return rows;
}

} // namespace

void
BindHosts(py::module_& m)
{
    py::class_<VnicNetDevice, L2NetDevice, Ptr<VnicNetDevice>>(m,
                                                               "VnicNetDevice",
                                                               "A VM's vNIC or a vmknic.")
        .def("SetGuestPromiscuous",
             &VnicNetDevice::SetGuestPromiscuous,
             py::arg("on"),
             "The guest puts its NIC in promiscuous mode (tcpdump).")
        .def("IsGuestPromiscuous", &VnicNetDevice::IsGuestPromiscuous)
        .def("GetInitialAddress",
             [](const VnicNetDevice& v) { return Text(v.GetInitialAddress()); });

    py::class_<VSwitchPort, Object, Ptr<VSwitchPort>>(m, "VSwitchPort", "A virtual port.")
        .def("GetPortId", &VSwitchPort::GetPortId)
        .def("GetClientName", &VSwitchPort::GetClientName)
        .def("GetPortGroup", &VSwitchPort::GetPortGroup)
        .def("GetVnic", &VSwitchPort::GetVnic)
        .def("GetTeamUplink", &VSwitchPort::GetTeamUplink, "The uplink it transmits on.")
        .def("IsPromiscuous", &VSwitchPort::IsPromiscuous)
        .def("GetLearnedMacCount", &VSwitchPort::GetLearnedMacCount)
        .def("GetEffectiveMac", [](const VSwitchPort& p) { return Text(p.GetEffectiveMac()); })
        .def(
            "GetCounters",
            [](const VSwitchPort& p) {
                const VSwitchPort::Counters& c = p.GetCounters();
                py::dict r;
                r["fromClientFrames"] = c.fromClientFrames;
                r["fromClientBytes"] = c.fromClientBytes;
                r["toClientFrames"] = c.toClientFrames;
                r["toClientBytes"] = c.toClientBytes;
                r["drops"] = DropsDict(c.drops);
                return r;
            },
            "Frames to and from the client, and drops per reason.");

    py::class_<PortGroup, Object, Ptr<PortGroup>>(m, "PortGroup", "A standard port group.")
        .def("GetName", &PortGroup::GetName)
        .def("GetVlanId", &PortGroup::GetVlanId)
        .def("SetVlanId", &PortGroup::SetVlanId, py::arg("vlan"))
        .def(
            "SetSecurityOverride",
            [](PortGroup& g, const py::kwargs& kw) { g.SetSecurityOverride(SecurityOf(kw)); },
            "promiscuous=, macChanges=, forgedTransmits= (accept, reject, inherit).")
        .def(
            "SetTeamingOverride",
            [](PortGroup& g, const py::kwargs& kw) { g.SetTeamingOverride(TeamingOf(kw)); },
            "loadBalancing=, active=, standby=, failureDetection=, notifySwitches=, failback=.")
        .def(
            "SetMacLearningOverride",
            [](PortGroup& g, const py::kwargs& kw) {
                g.SetMacLearningOverride(MacLearningOf(kw));
            },
            "enabled=, allowUnicastFlooding=, limit=, limitPolicy=, agingTime=.")
        .def("GetEffectiveSecurity",
             [](const PortGroup& g) { return g.GetEffectiveSecurity().ToString(); })
        .def("GetEffectiveTeaming",
             [](const PortGroup& g) { return g.GetEffectiveTeaming().ToString(); });

    py::class_<VSwitch, NetDevice, Ptr<VSwitch>>(m, "VSwitch", "A vSwitch (or a host's proxy).")
        .def("GetName", &VSwitch::GetName)
        .def("GetHostName", &VSwitch::GetHostName)
        .def("GetUplinkNames", &VSwitch::GetUplinkNames)
        .def("AddPortGroup", &VSwitch::AddPortGroup, py::arg("name"), py::arg("vlan"))
        .def("GetPortGroup", &VSwitch::GetPortGroup, py::arg("name"))
        .def("GetPorts", &VSwitch::GetPorts)
        .def("GetPort", &VSwitch::GetPort, py::arg("portId"))
        .def("FindPortByClient", &VSwitch::FindPortByClient, py::arg("client"))
        .def("SetSecurityPolicy",
             [](VSwitch& s, const py::kwargs& kw) { s.SetSecurityPolicy(SecurityOf(kw)); })
        .def("SetTeamingPolicy",
             [](VSwitch& s, const py::kwargs& kw) { s.SetTeamingPolicy(TeamingOf(kw)); })
        .def("SetMacLearningPolicy",
             [](VSwitch& s, const py::kwargs& kw) { s.SetMacLearningPolicy(MacLearningOf(kw)); })
        .def("TraceCapture",
             &TraceCaptureToPython,
             py::arg("point"),
             py::arg("function"),
             "Call function(frame: Frame) for every frame at a capture point (UplinkRcv, "
             "UplinkSnd, PortInput, PortOutput, EtherswitchDispatch, EtherswitchOutput, "
             "VnicTx, VnicRx, Drop; at Drop frame.reason says why); returns a "
             "TraceConnection.");

    py::class_<EsxiHost, Object, Ptr<EsxiHost>>(m, "EsxiHost", "An ESXi host.")
        .def("GetName", &EsxiHost::GetName)
        .def("GetNode", &EsxiHost::GetNode)
        .def("GetNicNames", &EsxiHost::GetNicNames)
        .def("GetNic", &EsxiHost::GetNic, py::arg("name"))
        .def("ConnectUplink",
             &EsxiHost::ConnectUplink,
             py::arg("nic"),
             py::arg("switch"),
             py::arg("port"),
             "Cable a NIC to a physical switch port; returns the cable.")
        .def(
            "AddVSwitch",
            [](EsxiHost& h, const std::string& name, const std::vector<std::string>& uplinks) {
                return h.AddVSwitch(name, uplinks);
            },
            py::arg("name"),
            py::arg("uplinks"))
        .def("GetVSwitch", &EsxiHost::GetVSwitch, py::arg("name") = "")
        .def("GetVSwitches", &EsxiHost::GetVSwitches)
        .def("AddPortGroup",
             &EsxiHost::AddPortGroup,
             py::arg("name"),
             py::arg("vlan"),
             py::arg("vswitch") = "")
        .def("GetPortGroup", &EsxiHost::GetPortGroup, py::arg("name"))
        .def(
            "AddVm",
            [](EsxiHost& h,
               Ptr<Node> vm,
               const std::string& portGroup,
               const std::string& mac,
               uint32_t portId) { return h.AddVm(vm, portGroup, MacOrAuto(mac), portId); },
            py::arg("vm"),
            py::arg("portGroup"),
            py::arg("mac") = "",
            py::arg("portId") = 0,
            "Give a VM node a vNIC on a port group (mac \"\": VMware's next; portId 0: the "
            "next free); returns the vNIC. Call again for more vNICs.")
        .def("SetVmName", &EsxiHost::SetVmName, py::arg("vm"), py::arg("name"))
        .def("GetVmName", &EsxiHost::GetVmName, py::arg("vm"))
        .def(
            "AddVmknic",
            [](EsxiHost& h, const std::string& name, const std::string& pg, const std::string& mac) {
                return h.AddVmknic(name, pg, MacOrAuto(mac));
            },
            py::arg("name"),
            py::arg("portGroup"),
            py::arg("mac") = "")
        .def("GetVmPort", &EsxiHost::GetVmPort, py::arg("vm"), py::arg("nic") = 0)
        .def("FindPort", &EsxiHost::FindPort, py::arg("client"))
        .def("GetVms", &EsxiHost::GetVms)
        .def("SetVmPowerOnTime", &EsxiHost::SetVmPowerOnTime, py::arg("vm"), py::arg("at"))
        .def("GetPortViews", &PortViews, "Every port as a dict (net-stats' fields).")
        .def(
            "NetStats",
            [](const EsxiHost& h) { return View(h, &EsxiHost::PrintNetStats); },
            "`net-stats -l`.")
        .def(
            "EsxtopNetwork",
            [](const EsxiHost& h) { return View(h, &EsxiHost::PrintEsxtopNetwork); },
            "esxtop's network panel.")
        .def(
            "VmPortList",
            [](const EsxiHost& h) { return View(h, &EsxiHost::PrintVmPortList); },
            "`esxcli network vm port list` for every VM.");

    py::class_<EsxiHostHelper>(m, "EsxiHostHelper", "Builds ESXi hosts.")
        .def(py::init<>())
        .def(
            "SetUplinkAttribute",
            [](EsxiHostHelper& h, const std::string& n, const std::string& v) {
                h.SetUplinkAttribute(n,
                                     *CheckedAttribute(TypeId::LookupByName("ns3::EthernetNetDevice"),
                                                       n,
                                                       v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetCableAttribute",
            [](EsxiHostHelper& h, const std::string& n, const std::string& v) {
                h.SetCableAttribute(n,
                                    *CheckedAttribute(TypeId::LookupByName("ns3::EthernetChannel"),
                                                      n,
                                                      v));
            },
            py::arg("name"),
            py::arg("value"))
        .def(
            "SetVSwitchAttribute",
            [](EsxiHostHelper& h, const std::string& n, const std::string& v) {
                h.SetVSwitchAttribute(n, *CheckedAttribute(VSwitch::GetTypeId(), n, v));
            },
            py::arg("name"),
            py::arg("value"))
        .def("Install",
             &EsxiHostHelper::Install,
             py::arg("node"),
             py::arg("nics"),
             py::arg("name") = "",
             "A host with NICs and vSwitch0 over all of them.")
        .def("InstallWithoutVSwitch",
             &EsxiHostHelper::InstallWithoutVSwitch,
             py::arg("node"),
             py::arg("nics"),
             py::arg("name") = "")
        .def(
            "InstallNested",
            [](EsxiHostHelper& h,
               Ptr<EsxiHost> outer,
               Ptr<Node> vm,
               const std::vector<std::string>& outerPortGroups,
               const std::string& name,
               bool vswitch0,
               const std::vector<std::string>& macs) {
                std::vector<Mac48Address> m;
                for (const auto& t : macs)
                {
                    m.push_back(MacOrAuto(t));
                }
                return h.InstallNested(outer, vm, outerPortGroups, name, vswitch0, m);
            },
            py::arg("outer"),
            py::arg("vm"),
            py::arg("outerPortGroups"),
            py::arg("name"),
            py::arg("createVSwitch0") = true,
            py::arg("macs") = std::vector<std::string>(),
            "ESXi in a VM of outer: one vNIC per outer port group, its vmnic0, vmnic1, ...")
        .def("EnablePcap",
             &EsxiHostHelper::EnablePcap,
             py::arg("prefix"),
             py::arg("host"),
             py::arg("nic"));

    py::class_<DistributedPortGroup, Object, Ptr<DistributedPortGroup>>(
        m,
        "DistributedPortGroup",
        "A distributed port group (every member host gets it).")
        .def("GetName", &DistributedPortGroup::GetName)
        .def("GetVlanId", &DistributedPortGroup::GetVlanId)
        .def("SetSecurityOverride",
             [](DistributedPortGroup& g, const py::kwargs& kw) {
                 g.SetSecurityOverride(SecurityOf(kw));
             })
        .def("SetTeamingOverride",
             [](DistributedPortGroup& g, const py::kwargs& kw) {
                 g.SetTeamingOverride(TeamingOf(kw));
             })
        .def("SetMacLearningOverride",
             [](DistributedPortGroup& g, const py::kwargs& kw) {
                 g.SetMacLearningOverride(MacLearningOf(kw));
             })
        .def("GetHostPortGroup", &DistributedPortGroup::GetHostPortGroup, py::arg("host"));

    py::class_<DistributedSwitch, Object, Ptr<DistributedSwitch>>(
        m,
        "DistributedSwitch",
        "A vSphere distributed switch spanning hosts.")
        .def(py::init([](const std::string& name, const std::string& version) {
                 Ptr<DistributedSwitch> d = CreateObject<DistributedSwitch>();
                 d->SetAttribute("Name", *CheckedAttribute(d->GetInstanceTypeId(), "Name", name));
                 d->SetAttribute("Version",
                                 *CheckedAttribute(d->GetInstanceTypeId(), "Version", version));
                 return d;
             }),
             py::arg("name") = "DSwitch",
             py::arg("version") = "7.0")
        .def("GetName", &DistributedSwitch::GetName)
        .def("SetUplinks", &DistributedSwitch::SetUplinks, py::arg("names"))
        .def("AddHost",
             &DistributedSwitch::AddHost,
             py::arg("host"),
             py::arg("uplinks"),
             "Make a host a member: uplinks maps dvUplink names to its NICs; returns its proxy "
             "switch.")
        .def("GetProxy", &DistributedSwitch::GetProxy, py::arg("host"))
        .def("GetHosts", &DistributedSwitch::GetHosts)
        .def("AddPortGroup", &DistributedSwitch::AddPortGroup, py::arg("name"), py::arg("vlan"))
        .def("GetPortGroup", &DistributedSwitch::GetPortGroup, py::arg("name"))
        .def("SetSecurityPolicy",
             [](DistributedSwitch& s, const py::kwargs& kw) {
                 s.SetSecurityPolicy(SecurityOf(kw));
             })
        .def("SetTeamingPolicy",
             [](DistributedSwitch& s, const py::kwargs& kw) { s.SetTeamingPolicy(TeamingOf(kw)); })
        .def("SetMacLearningPolicy", [](DistributedSwitch& s, const py::kwargs& kw) {
            s.SetMacLearningPolicy(MacLearningOf(kw));
        });

}

} // namespace vswitch_python
