/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the "emulate" and "realtime" keys and the preflight of the taps.
 */
#include "scenario-loader-emulate.h"

#include "ns3/log.h"
#include "ns3/tap-port.h"

#include <regex>

namespace vsim
{

NS_LOG_COMPONENT_DEFINE("VswitchSimEmulate");

void
ParseEmulate(Checker& c, const json::object& top, Scenario& s)
{
    c.ForEach(top, "emulate", "", [&](const json::value& v, const std::string& p) {
        EmulateConfig e;
        e.path = p;
        const json::object* o = c.Object(v, p, {"switch", "port", "tap", "create", "ip"});
        if (!o)
        {
            return;
        }
        e.sw = c.String(*o, "switch", p, true, "\"pswitch1\"").value_or("");
        e.port = c.String(*o, "port", p, true, "\"Gi0/9\"").value_or("");
        e.tap = c.String(*o, "tap", p, true, "\"vsw0\"").value_or("");
        e.create = c.Bool(*o, "create", p).value_or(false);
        if (o->if_contains("tap") && o->at("tap").is_string())
        {
            static const std::regex tapRe(R"(^[A-Za-z0-9_.-]{1,15}$)");
            if (!std::regex_match(e.tap, tapRe) || e.tap == "." || e.tap == "..")
            {
                c.Error(Checker::Key(p, "tap"),
                        "\"" + e.tap +
                            "\" cannot name a Linux interface (1 to 15 letters, digits, '.', "
                            "'_' or '-', e.g. \"vsw0\")");
            }
        }
        if (auto ip = c.InterfaceIp(*o, "ip", p))
        {
            e.ip = ip->ToString();
        }
        s.emulate.push_back(std::move(e));
    });
    if (const json::value* rt = top.if_contains("realtime"))
    {
        RealtimeConfig& r = s.realtime;
        r.present = true;
        const json::object* o =
            c.Object(*rt,
                     r.path,
                     {"synchronization", "hardLimit", "sampleInterval", "lateThreshold"});
        if (!o)
        {
            return;
        }
        r.synchronization =
            c.Choice(*o, "synchronization", r.path, {"best-effort", "hard-limit"}, false)
                .value_or("best-effort");
        r.hardLimit =
            c.TimeMember(*o, "hardLimit", r.path, false, ns3::MicroSeconds(1), ns3::Seconds(60))
                .value_or(r.hardLimit);
        r.sampleInterval = c.TimeMember(*o,
                                        "sampleInterval",
                                        r.path,
                                        false,
                                        ns3::MicroSeconds(100),
                                        ns3::Seconds(60))
                               .value_or(r.sampleInterval);
        r.lateThreshold =
            c.TimeMember(*o, "lateThreshold", r.path, false, ns3::Seconds(0), ns3::Seconds(60))
                .value_or(r.lateThreshold);
    }
}

void
CheckEmulate(Checker& c,
             const Scenario& s,
             std::set<std::string>& used,
             std::map<std::string, std::string>& usedBy)
{
    std::map<std::string, std::string> taps; // tap -> path
    for (const auto& e : s.emulate)
    {
        if (!e.tap.empty())
        {
            auto it = taps.find(e.tap);
            if (it != taps.end())
            {
                c.Error(Checker::Key(e.path, "tap"),
                        "tap " + e.tap + " is already bound (by " + it->second +
                            "; one port per tap)");
            }
            else
            {
                taps[e.tap] = e.path;
            }
        }
        if (e.sw.empty() || e.port.empty())
        {
            continue;
        }
        const SwitchConfig* sw = nullptr;
        std::vector<std::string> names;
        for (const auto& candidate : s.switches)
        {
            names.push_back(candidate.name);
            if (candidate.name == e.sw)
            {
                sw = &candidate;
            }
        }
        if (!sw)
        {
            c.Error(Checker::Key(e.path, "switch"),
                    "no switch \"" + e.sw +
                        "\" (switches: " + (names.empty() ? "none" : JoinList(names)) + ")");
            continue;
        }
        std::vector<std::string> ports;
        bool found = false;
        for (const auto& port : sw->ports)
        {
            ports.push_back(port.name);
            found = found || port.name == e.port;
        }
        if (!found)
        {
            c.Error(Checker::Key(e.path, "port"),
                    "switch " + e.sw + " has no port \"" + e.port +
                        "\" (its ports: " + (ports.empty() ? "none" : JoinList(ports)) +
                        "; add it to the switch's \"ports\")");
            continue;
        }
        for (const auto& lag : sw->lags)
        {
            for (const auto& m : lag.members)
            {
                if (m == e.port)
                {
                    c.Error(Checker::Key(e.path, "port"),
                            e.sw + ":" + e.port + " is a member of " + lag.name +
                                " (a tap needs a port of its own)");
                }
            }
        }
        std::string key = e.sw + ":" + e.port;
        if (used.count(key))
        {
            c.Error(Checker::Key(e.path, "port"),
                    key + " already has something plugged in (" + usedBy[key] +
                        "; a tap needs a free port)");
            continue;
        }
        used.insert(key);
        usedBy[key] = e.path;
    }
}

std::vector<std::string>
PreflightEmulate(const Scenario& s)
{
    std::vector<std::string> errors;
    bool privilegeReported = false;
    for (const auto& e : s.emulate)
    {
        if (!ns3::TapPort::HasNetAdmin())
        {
            if (!privilegeReported)
            {
                errors.push_back(s.file + ": " + e.path +
                                 ": a tap needs CAP_NET_ADMIN, which this process lacks (run "
                                 "vswitch-sim as root, e.g. with sudo, or give it the "
                                 "capability: setcap cap_net_admin+ep vswitch-sim)");
                privilegeReported = true;
            }
            continue;
        }
        std::string problem = ns3::TapPort::Preflight(e.tap, e.create);
        if (!problem.empty())
        {
            errors.push_back(s.file + ": " + Checker::Key(e.path, "tap") + ": " + problem);
        }
    }
    return errors;
}

} // namespace vsim
