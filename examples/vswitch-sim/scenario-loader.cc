/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading a scenario file and checking all of it before anything is built.
 * Every problem is collected (not only the first) as "FILE: JSON.PATH: what is wrong (what
 * would be right)".
 */
#include "scenario-checker.h"
#include "scenario-loader-emulate.h"
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

NS_LOG_COMPONENT_DEFINE("VswitchSimLoader");

namespace vsim
{

ns3::Ipv4Mask
IfAddress::Mask() const
{
    uint32_t m = prefix == 0 ? 0 : (0xffffffffu << (32 - prefix));
    return ns3::Ipv4Mask(m);
}

std::string
IfAddress::ToString() const
{
    std::ostringstream os;
    os << address << "/" << prefix;
    return os.str();
}

bool
ParseTime(const std::string& text, ns3::Time& out)
{
    static const std::regex re(
        R"(^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?(y|d|h|min|s|ms|us|ns|ps|fs)$)");
    std::smatch m;
    if (text.size() > 40 || !std::regex_match(text, m, re))
    {
        return false;
    }
    // ns3::Time(text) converts to an int64 count of the resolution without a range check:
    // "1e300s" would wrap. Beyond a billion seconds (the ranges of the format end at a day)
    // the time is Time::Max(), which every range check refuses.
    static const std::map<std::string, double> kUnitSeconds = {{"y", 365.0 * 86400},
                                                               {"d", 86400},
                                                               {"h", 3600},
                                                               {"min", 60},
                                                               {"s", 1},
                                                               {"ms", 1e-3},
                                                               {"us", 1e-6},
                                                               {"ns", 1e-9},
                                                               {"ps", 1e-12},
                                                               {"fs", 1e-15}};
    double number = std::strtod(text.substr(0, m.position(4)).c_str(), nullptr);
    if (number * kUnitSeconds.at(m.str(4)) > 1e9)
    {
        out = ns3::Time::Max();
        return true;
    }
    out = ns3::Time(text);
    return true;
}

namespace loader
{

ns3::Time
MaxTime()
{
    return ns3::Seconds(86400);
}

/// The StunTime attribute's value for new VMotion objects (--ns3::VMotion::StunTime changes it).
ns3::Time
DefaultStunTime()
{
    ns3::TypeId::AttributeInformation info;
    if (ns3::VMotion::GetTypeId().LookupAttributeByName("StunTime", &info))
    {
        if (auto t = ns3::DynamicCast<const ns3::TimeValue>(info.initialValue))
        {
            return t->Get();
        }
    }
    return ns3::MilliSeconds(300);
}

} // namespace loader

using namespace loader;

// -------------------------------------------------------------------------------------------

std::vector<std::string>
LoadScenario(const std::string& text,
             const std::string& file,
             Scenario& s,
             const std::string& stopTimeOption)
{
    std::vector<std::string> errors;
    s.file = file;

    // --stopTime replaces the file's stopTime, and what comes after it is checked the same
    // way. A bad one is listed after the file's errors.
    std::optional<ns3::Time> stopOverride;
    std::string stopOptionError;
    if (!stopTimeOption.empty())
    {
        ns3::Time t;
        if (!ParseTime(stopTimeOption, t) || t < ns3::MilliSeconds(1) || t > MaxTime())
        {
            stopOptionError =
                "--stopTime=" + stopTimeOption + ": not a time in 1ms-86400s (e.g. --stopTime=10s)";
        }
        else
        {
            stopOverride = t;
        }
    }
    auto done = [&]() {
        if (!stopOptionError.empty())
        {
            errors.push_back(stopOptionError);
        }
        return errors;
    };

    // Syntax, with line and column.
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t n = parser.write_some(text.data(), text.size(), ec);
    std::size_t offset = n;
    if (!ec && n < text.size())
    {
        std::size_t rest = text.find_first_not_of(" \t\r\n", n);
        if (rest != std::string::npos)
        {
            offset = rest;
            ec = json::error::extra_data;
        }
    }
    if (!ec)
    {
        parser.finish(ec);
        offset = text.size();
    }
    if (ec)
    {
        std::size_t line = 1;
        std::size_t col = 1;
        for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        {
            if (text[i] == '\n')
            {
                ++line;
                col = 1;
            }
            else
            {
                ++col;
            }
        }
        std::string hint = ec == json::error::extra_data
                               ? "text after the end of the scenario object"
                           : offset >= text.size() ? "the file ends inside a value (a '}' or ']' "
                                                     "missing?)"
                                                   : ec.message();
        errors.push_back(file + ": line " + std::to_string(line) + ", column " +
                         std::to_string(col) + ": JSON syntax error: " + hint +
                         " (keys and strings in double quotes, no trailing commas, no comments)");
        return done();
    }
    json::value root = parser.release();

    Checker c(file, errors, s.warnings);
    const json::object* top = c.Object(root,
                                       "",
                                       {"name",
                                        "description",
                                        "stopTime",
                                        "switches",
                                        "routers",
                                        "hosts",
                                        "distributedSwitches",
                                        "links",
                                        "nsx",
                                        "traffic",
                                        "events",
                                        "captures",
                                        "emulate",
                                        "realtime",
                                        "$schema"});
    if (!top)
    {
        return done();
    }
    // "$schema" points an editor at examples/vswitch-sim/scenario.schema.json; the runner only
    // checks that it is a string.
    c.String(*top, "$schema", "", false);
    std::string base = file;
    auto slash = base.find_last_of('/');
    if (slash != std::string::npos)
    {
        base = base.substr(slash + 1);
    }
    if (base.size() > 5 && base.substr(base.size() - 5) == ".json")
    {
        base = base.substr(0, base.size() - 5);
    }
    s.name = c.String(*top, "name", "", false).value_or(base);
    static const std::regex nameRe(R"(^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$)");
    if (!std::regex_match(s.name, nameRe))
    {
        c.Error("name",
                "\"" + s.name +
                    "\" cannot name the output folder (letters, digits, '.', '_', '-')");
    }
    s.description = c.String(*top, "description", "", false).value_or("");
    std::optional<ns3::Time> fileStop =
        c.TimeMember(*top, "stopTime", "", false, ns3::MilliSeconds(1), MaxTime());
    s.stopTime = fileStop.value_or(ns3::Seconds(10));
    s.stopTimeText = c.String(*top, "stopTime", "", false).value_or("10s");
    std::string stopName = "stopTime " + s.stopTimeText;
    // A stopTime already reported as wrong is no yardstick: nothing is compared with it.
    bool stopKnown = fileStop.has_value() || !top->contains("stopTime");
    if (stopOverride)
    {
        s.stopTime = *stopOverride;
        s.stopTimeText = stopTimeOption;
        stopName = "--stopTime=" + stopTimeOption;
        stopKnown = true;
    }
    if (const json::value* nsx = top->if_contains("nsx"))
    {
        ParseNsx(c, *nsx, s.nsx);
    }
    ParseEmulate(c, *top, s);

    c.ForEach(*top, "switches", "", [&](const json::value& v, const std::string& p) {
        SwitchConfig sw;
        ParseSwitch(c, v, p, sw);
        s.switches.push_back(std::move(sw));
    });
    c.ForEach(*top, "routers", "", [&](const json::value& v, const std::string& p) {
        RouterConfig r;
        ParseRouter(c, v, p, r);
        s.routers.push_back(std::move(r));
    });
    c.ForEach(*top, "hosts", "", [&](const json::value& v, const std::string& p) {
        HostConfig h;
        const json::object* o =
            c.Object(v, p, {"name", "rank", "nics", "vswitches", "vmknics", "vms"});
        if (!o)
        {
            return;
        }
        h.name = c.String(*o, "name", p, true, "\"esxi01\"").value_or("");
        if (auto rank = c.Int(*o, "rank", p, 0, kMaxRank, false))
        {
            h.rank = static_cast<uint32_t>(*rank);
        }
        if (h.name.find_first_of("/:") != std::string::npos)
        {
            c.Error(Checker::Key(p, "name"),
                    "\"" + h.name + "\" contains '/' or ':' (they separate names in references)");
        }
        h.ref = h.name;
        ParseHostBody(c, *o, p, h, 0);
        s.hosts.push_back(std::move(h));
    });
    c.ForEach(*top, "distributedSwitches", "", [&](const json::value& v, const std::string& p) {
        DistributedSwitchConfig dvs;
        ParseDistributedSwitch(c, v, p, dvs);
        s.distributedSwitches.push_back(std::move(dvs));
    });
    c.ForEach(*top, "links", "", [&](const json::value& v, const std::string& p) {
        LinkConfig l;
        l.path = p;
        const json::object* o = c.Object(v, p, {"a", "b", "dataRate", "delay", "mtu"});
        if (!o)
        {
            return;
        }
        for (const char* k : {"a", "b"})
        {
            auto e = c.String(*o, k, p, true, "\"esxi01:vmnic2\"");
            Endpoint& ep = std::string(k) == "a" ? l.a : l.b;
            if (e && !SplitEndpoint(*e, ep))
            {
                c.Error(Checker::Key(p, k),
                        "\"" + *e + "\" is not \"host:nic\" or \"switch:port\"");
            }
        }
        l.dataRate = c.Rate(*o, "dataRate", p, false);
        l.delay = c.TimeMember(*o, "delay", p, false, ns3::Seconds(0), ns3::Seconds(1));
        if (auto m = c.Int(*o, "mtu", p, 68, 9216, false))
        {
            l.mtu = static_cast<uint16_t>(*m);
        }
        s.links.push_back(l);
    });
    c.ForEach(*top, "traffic", "", [&](const json::value& v, const std::string& p) {
        ParseTraffic(c, v, p, s);
    });
    c.ForEach(*top, "events", "", [&](const json::value& v, const std::string& p) {
        ParseEvent(c, v, p, s);
    });
    c.ForEach(*top, "captures", "", [&](const json::value& v, const std::string& p) {
        ParseCapture(c, v, p, s);
    });

    // Times after the end, then the cross-checks.
    for (const auto& e : s.events)
    {
        if (stopKnown && e.at > s.stopTime)
        {
            c.Error(Checker::Key(e.path, "at"),
                    Checker::TimeText(e.at) + " is after " + stopName +
                        " (the event would never happen)");
        }
    }
    for (const auto& t : s.traffic)
    {
        if (stopKnown && t.type != "static-arp" && t.start >= s.stopTime)
        {
            c.Error(Checker::Key(t.path, t.type == "garp" ? "at" : "start"),
                    Checker::TimeText(t.start) + " is not before " + stopName);
        }
    }
    CheckAll(c, s);
    CheckIpHashFacesLags(c, s);
    return done();
}

} // namespace vsim
