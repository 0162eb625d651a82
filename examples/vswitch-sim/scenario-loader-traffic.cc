/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading the "traffic" (ping, udp, tcp, static-arp, garp), "events" and
 * "captures" sections, entry by entry.
 */
#include "scenario-checker.h"
#include "scenario-loader-internal.h"
#include "scenario-loader-nsx.h"
#include "scenario-loader-underlay.h"
#include "scenario.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/physical-switch.h"
#include "ns3/pktcap-options.h"
#include "ns3/vmotion.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimLoaderTraffic");

namespace vsim
{
namespace loader
{

void
ParseTraffic(Checker& c, const json::value& v, const std::string& p, Scenario& s)
{
    TrafficConfig t;
    t.path = p;
    if (!v.is_object())
    {
        c.Object(v, p, {});
        return;
    }
    auto type =
        c.Choice(v.get_object(), "type", p, {"ping", "udp", "tcp", "static-arp", "garp"}, true);
    if (!type)
    {
        return;
    }
    t.type = *type;
    std::vector<std::string> keys;
    if (t.type == "ping")
    {
        keys = {"type",
                "from",
                "to",
                "start",
                "stop",
                "interval",
                "count",
                "size",
                "identifier",
                "dontFragment"};
    }
    else if (t.type == "udp")
    {
        keys = {"type", "from", "to", "start", "stop", "rate", "size"};
    }
    else if (t.type == "tcp")
    {
        keys = {"type", "from", "to", "start", "stop", "size"};
    }
    else if (t.type == "garp")
    {
        keys = {"type", "from", "at"};
    }
    else
    {
        keys = {"type", "on", "ip", "mac"};
    }
    const json::object* o = c.Object(v, p, keys);
    if (t.type == "static-arp")
    {
        t.from = c.String(*o, "on", p, true, "\"vm1\"").value_or("");
        if (auto ip = c.String(*o, "ip", p, true, "\"192.168.100.12\""))
        {
            if (!Checker::ParseIp(*ip, t.toIp))
            {
                c.Error(Checker::Key(p, "ip"), "\"" + *ip + "\" is not an IPv4 address");
            }
            t.to = *ip;
        }
        t.mac = c.Mac(*o, "mac", p, true).value_or(ns3::Mac48Address());
        s.traffic.push_back(t);
        return;
    }
    t.from = c.String(*o, "from", p, true, "\"vm1\"").value_or("");
    if (t.type == "garp")
    {
        t.start =
            c.TimeMember(*o, "at", p, true, ns3::Seconds(0), MaxTime()).value_or(ns3::Seconds(0));
        s.traffic.push_back(t);
        return;
    }
    bool withPort = t.type != "ping";
    if (auto to = c.String(*o,
                           "to",
                           p,
                           true,
                           withPort ? "\"192.168.100.12:9000\"" : "\"192.168.100.12\""))
    {
        t.to = *to;
        std::string ip = *to;
        bool ok = true;
        if (withPort)
        {
            auto colon = to->rfind(':');
            ok = colon != std::string::npos;
            if (ok)
            {
                ip = to->substr(0, colon);
                std::string port = to->substr(colon + 1);
                ok = !port.empty() && port.size() <= 5 &&
                     std::all_of(port.begin(),
                                 port.end(),
                                 [](char ch) { return std::isdigit(ch); }) &&
                     std::stoul(port) >= 1 && std::stoul(port) <= 65535;
                if (ok)
                {
                    t.toPort = static_cast<uint16_t>(std::stoul(port));
                }
            }
        }
        if (!ok || !Checker::ParseIp(ip, t.toIp))
        {
            c.Error(Checker::Key(p, "to"),
                    "\"" + *to + "\" is not " +
                        (withPort ? "an IPv4 address and port (e.g. \"192.168.100.12:9000\")"
                                  : "an IPv4 address (e.g. \"192.168.100.12\")"));
        }
    }
    t.start =
        c.TimeMember(*o, "start", p, false, ns3::Seconds(0), MaxTime()).value_or(ns3::Seconds(1));
    t.stop = c.TimeMember(*o, "stop", p, false, ns3::Seconds(0), MaxTime());
    if (t.stop && *t.stop <= t.start)
    {
        c.Error(Checker::Key(p, "stop"), "must be after \"start\"");
    }
    if (t.type == "ping")
    {
        t.interval =
            c.TimeMember(*o, "interval", p, false, ns3::MilliSeconds(1), ns3::Seconds(3600))
                .value_or(ns3::Seconds(1));
        if (auto n = c.Int(*o, "count", p, 1, 1000000, false))
        {
            t.count = static_cast<uint32_t>(*n);
        }
        t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 0, 65000, false).value_or(56));
        if (auto id = c.Int(*o, "identifier", p, 0, 65535, false))
        {
            t.identifier = static_cast<int32_t>(*id);
        }
        t.dontFragment = c.Bool(*o, "dontFragment", p).value_or(false);
    }
    else if (t.type == "udp")
    {
        t.rate = c.Rate(*o, "rate", p, false).value_or(ns3::DataRate("1Mbps"));
        if (t.rate.GetBitRate() > 10000000000ULL)
        {
            c.Error(Checker::Key(p, "rate"), "is out of range 1kbps-10Gbps");
        }
        t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 1, 65000, false).value_or(1000));
    }
    else
    {
        t.size = static_cast<uint32_t>(c.Int(*o, "size", p, 1, 65000, false).value_or(1448));
    }
    s.traffic.push_back(t);
}

void
ParseEvent(Checker& c, const json::value& v, const std::string& p, Scenario& s)
{
    EventConfig e;
    e.path = p;
    if (!v.is_object())
    {
        c.Object(v, p, {});
        return;
    }
    auto type = c.Choice(v.get_object(),
                         "type",
                         p,
                         {"link-down",
                          "link-up",
                          "blackhole",
                          "storm-control",
                          "guest-mac",
                          "vnic-reconnect",
                          "vmotion",
                          "controller-down",
                          "controller-up"},
                         true);
    if (!type)
    {
        return;
    }
    e.type = *type;
    std::vector<std::string> keys = {"at", "type"};
    if (e.type == "link-down" || e.type == "link-up")
    {
        keys.push_back("link");
    }
    else if (e.type == "blackhole")
    {
        keys.insert(keys.end(), {"port", "direction"});
    }
    else if (e.type == "storm-control")
    {
        keys.insert(keys.end(), {"port", "traffic", "level"});
    }
    else if (e.type == "guest-mac")
    {
        keys.insert(keys.end(), {"vm", "nic", "mac"});
    }
    else if (e.type == "vnic-reconnect")
    {
        keys.insert(keys.end(), {"vm", "nic"});
    }
    else if (e.type == "controller-down" || e.type == "controller-up")
    {
        keys.push_back("controller");
    }
    else
    {
        keys.insert(keys.end(), {"vm", "to", "duration", "stun"});
    }
    const json::object* o = c.Object(v, p, keys);
    e.at = c.TimeMember(*o, "at", p, true, ns3::Seconds(0), MaxTime()).value_or(ns3::Seconds(0));
    if (e.type == "link-down" || e.type == "link-up")
    {
        if (auto l = c.String(*o, "link", p, true, "\"esxi01:vmnic3\""))
        {
            if (!SplitEndpoint(*l, e.link))
            {
                c.Error(Checker::Key(p, "link"),
                        "\"" + *l + "\" is not \"host:nic\" or \"switch:port\"");
            }
        }
    }
    else if (e.type == "blackhole" || e.type == "storm-control")
    {
        if (auto l = c.String(*o, "port", p, true, "\"pswitch1:Gi0/2\""))
        {
            if (!SplitEndpoint(*l, e.port))
            {
                c.Error(Checker::Key(p, "port"), "\"" + *l + "\" is not \"switch:port\"");
            }
        }
        if (e.type == "blackhole")
        {
            e.direction =
                c.Choice(*o, "direction", p, {"both", "rx", "tx", "none"}, false).value_or("both");
        }
        else
        {
            e.traffic = c.Choice(*o, "traffic", p, {"broadcast", "multicast", "unicast"}, true)
                            .value_or("");
            e.level = static_cast<uint32_t>(c.Int(*o, "level", p, 0, 100, true).value_or(100));
        }
    }
    else if (e.type == "controller-down" || e.type == "controller-up")
    {
        e.controller = c.String(*o, "controller", p, true, "\"controller-2\"").value_or("");
    }
    else if (e.type == "vmotion")
    {
        e.vm = c.String(*o, "vm", p, true, "\"vm1\"").value_or("");
        e.to = c.String(*o, "to", p, true, "\"esxi02\"").value_or("");
        e.duration = c.TimeMember(*o, "duration", p, true, ns3::Seconds(0), MaxTime())
                         .value_or(ns3::Seconds(0));
        e.stun = c.TimeMember(*o, "stun", p, false, ns3::Seconds(0), ns3::Seconds(3600))
                     .value_or(DefaultStunTime());
    }
    else
    {
        e.vm = c.String(*o, "vm", p, true, "\"vm1\"").value_or("");
        e.nic = static_cast<uint32_t>(c.Int(*o, "nic", p, 0, 63, false).value_or(0));
        if (e.type == "guest-mac")
        {
            e.mac = c.Mac(*o, "mac", p, true).value_or(ns3::Mac48Address());
        }
    }
    s.events.push_back(e);
}

void
ParseCapture(Checker& c, const json::value& v, const std::string& p, Scenario& s)
{
    CaptureConfig cap;
    cap.path = p;
    const json::object* o =
        c.Object(v,
                 p,
                 {"host", "vm", "nic", "pktcap", "output", "switch", "port", "insertVlanTag"});
    if (!o)
    {
        return;
    }
    cap.output = c.String(*o, "output", p, false).value_or("");
    if (o->contains("output") && o->at("output").is_string())
    {
        // Not starting with '-' either: the builder hands it to pktcap-uw as "-o FILE",
        // where "-o -x.pcap" would read as an option.
        static const std::regex fileRe(R"(^[A-Za-z0-9._-]{1,100}$)");
        const std::string partial = ".partial";
        if (!std::regex_match(cap.output, fileRe) || cap.output[0] == '.' || cap.output[0] == '-' ||
            cap.output == "summary.json" || cap.output == "tables.txt" ||
            cap.output == "captures.txt" ||
            (cap.output.size() > partial.size() &&
             cap.output.compare(cap.output.size() - partial.size(), partial.size(), partial) == 0))
        {
            c.Error(Checker::Key(p, "output"),
                    "\"" + cap.output +
                        "\" is not a plain file name for the output folder (letters, digits, "
                        "'.', '_', '-', not starting with '.' or '-'; not summary.json, "
                        "tables.txt or captures.txt, not ending in .partial)");
            cap.output.clear();
        }
    }
    if (o->contains("switch"))
    {
        cap.sw = c.String(*o, "switch", p, true, "\"pswitch1\"").value_or("");
        cap.port = c.String(*o, "port", p, true, "\"Gi0/3\"").value_or("");
        for (const char* k : {"host", "vm", "nic", "pktcap", "insertVlanTag"})
        {
            if (o->contains(k))
            {
                c.Error(Checker::Key(p, k),
                        "a switch port capture takes \"switch\", \"port\" and \"output\" only");
            }
        }
        s.captures.push_back(cap);
        return;
    }
    if (o->contains("port"))
    {
        c.Error(Checker::Key(p, "port"), "\"port\" goes with \"switch\" (a physical switch port)");
    }
    cap.host = c.String(*o, "host", p, !o->contains("vm"), "\"esxi01\"").value_or("");
    cap.vm = c.String(*o, "vm", p, false).value_or("");
    for (const char* k : {"host", "vm"})
    {
        const json::value* v = o->if_contains(k);
        if (v && v->is_string() && v->get_string().empty())
        {
            c.Error(Checker::Key(p, k),
                    std::string("is empty: name the ") +
                        (k == std::string("vm") ? "VM (e.g. \"vm1\")" : "host (e.g. \"esxi01\")"));
        }
    }
    cap.nic = static_cast<uint32_t>(c.Int(*o, "nic", p, 0, 63, false).value_or(0));
    if (o->contains("nic") && !o->contains("vm"))
    {
        c.Error(Checker::Key(p, "nic"), "\"nic\" goes with \"vm\"");
    }
    cap.pktcap = c.String(*o, "pktcap", p, false).value_or("");
    cap.insertVlanTag = c.Bool(*o, "insertVlanTag", p).value_or(false);
    try
    {
        // "vm" fills in --switchport (any ID will do for the check).
        const std::string given =
            (cap.vm.empty() ? std::string() : "--switchport 50331649 ") + cap.pktcap;
        ns3::PktcapOptions opts;
        if (cap.output.empty() || given.find("-o") != std::string::npos)
        {
            opts = ns3::PktcapOptions::Parse(given);
        }
        else
        {
            // As the builder runs it: "output" becomes -o, so --ng (pcapng) goes with it.
            ns3::PktcapOptions::Parse(given + " -o " + cap.output);
        }
        if (!opts.GetOutFile().empty())
        {
            if (!cap.output.empty())
            {
                c.Error(Checker::Key(p, "pktcap"),
                        "-o/--outfile and \"output\" both given (use \"output\")");
            }
            else
            {
                c.Error(Checker::Key(p, "pktcap"),
                        "write the file name in \"output\", not with -o/--outfile");
            }
        }
    }
    catch (const std::exception& e)
    {
        c.Error(Checker::Key(p, "pktcap"), e.what());
    }
    s.captures.push_back(cap);
}

} // namespace loader
} // namespace vsim
