/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: reading JSON values with the checks every part of a scenario shares.
 */
#include "scenario-checker.h"

#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimChecker");

namespace vsim
{

/// Levenshtein distance, for "did you mean".
std::size_t
Distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
    {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            std::size_t sub =
                prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string
JoinList(const std::vector<std::string>& items, const std::string& sep)
{
    std::string out;
    for (const auto& i : items)
    {
        out += (out.empty() ? "" : sep) + i;
    }
    return out;
}

std::string
Describe(const json::value& v)
{
    switch (v.kind())
    {
    case json::kind::null:
        return "null";
    case json::kind::bool_:
        return v.get_bool() ? "true" : "false";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return "number " + json::serialize(v);
    case json::kind::string: {
        std::string s = json::serialize(v);
        return "string " + (s.size() > 40 ? s.substr(0, 37) + "...\"" : s);
    }
    case json::kind::array:
        return "an array";
    case json::kind::object:
        return "an object";
    }
    return "?";
}

Checker::Checker(const std::string& file,
                 std::vector<std::string>& errors,
                 std::vector<std::string>& warnings)
    : m_file(file),
      m_errors(errors),
      m_warnings(warnings)
{
}

void
Checker::Error(const std::string& path, const std::string& what)
{
    m_errors.push_back(Line(path, what));
}

void
Checker::Warning(const std::string& path, const std::string& what)
{
    m_warnings.push_back(Line(path, what));
}

std::string
Checker::Line(const std::string& path, const std::string& what) const
{
    return m_file + ": " + (path.empty() ? "(top level)" : path) + ": " + what;
}

std::string
Checker::Key(const std::string& path, const std::string& key)
{
    return path.empty() ? key : path + "." + key;
}

std::string
Checker::Index(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

const json::object*
Checker::Object(const json::value& v, const std::string& path, const std::vector<std::string>& keys)
{
    if (!v.is_object())
    {
        Error(path, "expected an object { ... }, got " + Describe(v));
        return nullptr;
    }
    const json::object& o = v.get_object();
    for (const auto& kv : o)
    {
        std::string k(kv.key());
        if (std::find(keys.begin(), keys.end(), k) != keys.end())
        {
            continue;
        }
        std::string best;
        std::size_t bestD = 3;
        for (const auto& known : keys)
        {
            std::size_t d = Distance(k, known);
            if (d < bestD)
            {
                bestD = d;
                best = known;
            }
        }
        Error(Key(path, k),
              "unknown key" + (best.empty() ? std::string() : " (did you mean \"" + best + "\"?") +
                  (best.empty() ? " (keys here: " + JoinList(keys) + ")" : ")"));
    }
    return &o;
}

const json::array*
Checker::Array(const json::object& o, const char* key, const std::string& path)
{
    const json::value* v = o.if_contains(key);
    if (!v)
    {
        return nullptr;
    }
    if (!v->is_array())
    {
        Error(Key(path, key), "expected an array [ ... ], got " + Describe(*v));
        return nullptr;
    }
    return &v->get_array();
}

std::optional<std::string>
Checker::String(const json::object& o,
                const char* key,
                const std::string& path,
                bool required,
                const std::string& example)
{
    const json::value* v = o.if_contains(key);
    if (!v)
    {
        if (required)
        {
            Error(Key(path, key),
                  "missing (required" + (example.empty() ? "" : ", e.g. " + example) + ")");
        }
        return std::nullopt;
    }
    if (!v->is_string())
    {
        Error(Key(path, key),
              "expected a string" + (example.empty() ? "" : " like " + example) + ", got " +
                  Describe(*v));
        return std::nullopt;
    }
    std::string s(v->get_string());
    if (required && s.empty())
    {
        Error(Key(path, key),
              "must not be empty" + (example.empty() ? "" : " (e.g. " + example + ")"));
        return std::nullopt;
    }
    return s;
}

std::optional<std::string>
Checker::Choice(const json::object& o,
                const char* key,
                const std::string& path,
                const std::vector<std::string>& choices,
                bool required)
{
    auto s = String(o, key, path, required, "\"" + choices.front() + "\"");
    if (s && std::find(choices.begin(), choices.end(), *s) == choices.end())
    {
        Error(Key(path, key), "\"" + *s + "\" is not one of " + JoinList(choices));
        return std::nullopt;
    }
    return s;
}

std::optional<int64_t>
Checker::Int(const json::object& o,
             const char* key,
             const std::string& path,
             int64_t min,
             int64_t max,
             bool required)
{
    const json::value* v = o.if_contains(key);
    if (!v)
    {
        if (required)
        {
            Error(Key(path, key),
                  "missing (required, an integer " + std::to_string(min) + "-" +
                      std::to_string(max) + ")");
        }
        return std::nullopt;
    }
    return IntValue(*v, Key(path, key), min, max);
}

std::optional<int64_t>
Checker::IntValue(const json::value& v, const std::string& path, int64_t min, int64_t max)
{
    int64_t n = 0;
    if (v.is_int64())
    {
        n = v.get_int64();
    }
    else if (v.is_uint64())
    {
        Error(path,
              json::serialize(v) + " is out of range " + std::to_string(min) + "-" +
                  std::to_string(max));
        return std::nullopt;
    }
    else if (v.is_double() &&
             v.get_double() == static_cast<double>(static_cast<int64_t>(
                                   std::max(-9e18, std::min(9e18, v.get_double())))))
    {
        n = static_cast<int64_t>(v.get_double());
    }
    else
    {
        Error(path,
              "expected an integer " + std::to_string(min) + "-" + std::to_string(max) + ", got " +
                  Describe(v));
        return std::nullopt;
    }
    if (n < min || n > max)
    {
        Error(path,
              std::to_string(n) + " is out of range " + std::to_string(min) + "-" +
                  std::to_string(max));
        return std::nullopt;
    }
    return n;
}

std::optional<bool>
Checker::Bool(const json::object& o, const char* key, const std::string& path)
{
    const json::value* v = o.if_contains(key);
    if (!v)
    {
        return std::nullopt;
    }
    if (!v->is_bool())
    {
        Error(Key(path, key), "expected true or false, got " + Describe(*v));
        return std::nullopt;
    }
    return v->get_bool();
}

std::optional<ns3::Time>
Checker::TimeMember(const json::object& o,
                    const char* key,
                    const std::string& path,
                    bool required,
                    ns3::Time min,
                    ns3::Time max)
{
    auto s = String(o, key, path, required, "\"1s\"");
    if (!s)
    {
        return std::nullopt;
    }
    ns3::Time t;
    if (!ParseTime(*s, t))
    {
        Error(Key(path, key),
              "\"" + *s +
                  "\" is not a time (a number and a unit without a space: y, d, h, min, s, ms, "
                  "us, ns, ps, fs; e.g. \"1s\", \"250ms\")");
        return std::nullopt;
    }
    if (t < min || t > max)
    {
        Error(Key(path, key),
              "\"" + *s + "\" is out of range " + TimeText(min) + "-" + TimeText(max));
        return std::nullopt;
    }
    return t;
}

std::string
Checker::TimeText(ns3::Time t)
{
    std::ostringstream os;
    if (t.IsZero())
    {
        return "0s";
    }
    os << t.As(ns3::Time::S);
    std::string s = os.str();
    s.erase(std::remove(s.begin(), s.end(), '+'), s.end());
    return s;
}

std::optional<ns3::DataRate>
Checker::Rate(const json::object& o, const char* key, const std::string& path, bool required)
{
    auto s = String(o, key, path, required, "\"10Gbps\"");
    if (!s)
    {
        return std::nullopt;
    }
    static const std::regex re(
        R"(^(\d{1,12}(\.\d{0,9})?)(bps|b/s|Bps|B/s|[kK]bps|[kK]b/s|[kK]Bps|[kK]B/s|Kib/s|KiB/s|Mbps|Mb/s|MBps|MB/s|Mib/s|MiB/s|Gbps|Gb/s|GBps|GB/s|Gib/s|GiB/s)$)");
    if (!std::regex_match(*s, re))
    {
        Error(Key(path, key),
              "\"" + *s + "\" is not a data rate (e.g. \"10Gbps\", \"100Mbps\", \"64kbps\")");
        return std::nullopt;
    }
    ns3::DataRate r(*s);
    if (r.GetBitRate() < 1000 || r.GetBitRate() > 400000000000ULL)
    {
        Error(Key(path, key), "\"" + *s + "\" is out of range 1kbps-400Gbps");
        return std::nullopt;
    }
    return r;
}

bool
Checker::ParseMac(const std::string& s, ns3::Mac48Address& mac)
{
    static const std::regex re(R"(^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$)");
    if (!std::regex_match(s, re))
    {
        return false;
    }
    mac = ns3::Mac48Address(s.c_str());
    return true;
}

std::optional<ns3::Mac48Address>
Checker::Mac(const json::object& o,
             const char* key,
             const std::string& path,
             bool required,
             bool unicast)
{
    auto s = String(o, key, path, required, "\"00:50:56:9d:43:42\"");
    if (!s)
    {
        return std::nullopt;
    }
    ns3::Mac48Address mac;
    if (!ParseMac(*s, mac))
    {
        Error(Key(path, key), "\"" + *s + "\" is not a MAC address (aa:bb:cc:dd:ee:ff)");
        return std::nullopt;
    }
    uint8_t b[6];
    mac.CopyTo(b);
    if (unicast && (b[0] & 1))
    {
        Error(Key(path, key),
              "\"" + *s + "\" is a multicast MAC (a NIC needs one whose first byte is even)");
        return std::nullopt;
    }
    if (unicast && mac == ns3::Mac48Address("00:00:00:00:00:00"))
    {
        Error(Key(path, key), "\"" + *s + "\" is the all-zero MAC (give a real one)");
        return std::nullopt;
    }
    return mac;
}

bool
Checker::ParseIp(const std::string& s, ns3::Ipv4Address& ip)
{
    static const std::regex re(R"(^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$)");
    std::smatch m;
    if (!std::regex_match(s, m, re))
    {
        return false;
    }
    uint32_t v = 0;
    for (int i = 1; i <= 4; ++i)
    {
        int octet = std::stoi(m[i].str());
        if (octet > 255)
        {
            return false;
        }
        v = (v << 8) | octet;
    }
    ip = ns3::Ipv4Address(v);
    return true;
}

std::optional<IfAddress>
Checker::InterfaceIp(const json::object& o, const char* key, const std::string& path)
{
    auto s = String(o, key, path, false, "\"192.168.100.11/24\"");
    if (!s)
    {
        return std::nullopt;
    }
    auto slash = s->find('/');
    IfAddress a;
    bool ok = slash != std::string::npos && ParseIp(s->substr(0, slash), a.address);
    if (ok)
    {
        std::string len = s->substr(slash + 1);
        ok = !len.empty() && len.size() <= 2 &&
             std::all_of(len.begin(), len.end(), [](char c) { return std::isdigit(c); });
        if (ok)
        {
            a.prefix = std::stoul(len);
            ok = a.prefix >= 1 && a.prefix <= 32;
        }
    }
    if (!ok)
    {
        Error(Key(path, key),
              "\"" + *s + "\" is not an IPv4 address with a prefix (e.g. \"192.168.100.11/24\")");
        return std::nullopt;
    }
    uint32_t host = a.address.Get() & ~a.Mask().Get();
    if (a.prefix < 31 && (host == 0 || host == (~a.Mask().Get())))
    {
        Error(Key(path, key),
              "\"" + *s +
                  "\" is the network or broadcast address of its subnet (use a host "
                  "address)");
        return std::nullopt;
    }
    // Not a host's address: 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback, all of it),
    // 224.0.0.0/4 (multicast) and 240.0.0.0/4 (reserved, with the limited broadcast).
    const uint32_t first = a.address.Get() >> 24;
    if (first == 0 || first == 127 || first >= 224)
    {
        Error(Key(path, key),
              "\"" + *s + "\" is not a unicast host address (" +
                  (first == 0     ? "0.0.0.0/8 is \"this network\""
                   : first == 127 ? "127.0.0.0/8 is loopback"
                   : first < 240  ? "224.0.0.0/4 is multicast"
                                  : "240.0.0.0/4 is reserved") +
                  ")");
        return std::nullopt;
    }
    return a;
}

std::vector<std::string>
Checker::StringList(const json::object& o,
                    const char* key,
                    const std::string& path,
                    const std::string& example)
{
    std::vector<std::string> out;
    const json::array* a = Array(o, key, path);
    if (!a)
    {
        return out;
    }
    for (std::size_t i = 0; i < a->size(); ++i)
    {
        const json::value& v = (*a)[i];
        if (!v.is_string() || v.get_string().empty())
        {
            Error(Index(Key(path, key), i),
                  "expected a name like " + example + ", got " + Describe(v));
            continue;
        }
        out.emplace_back(v.get_string());
    }
    return out;
}

void
Checker::ForEach(const json::object& o,
                 const char* key,
                 const std::string& path,
                 const std::function<void(const json::value&, const std::string&)>& f)
{
    const json::array* a = Array(o, key, path);
    if (!a)
    {
        return;
    }
    for (std::size_t i = 0; i < a->size(); ++i)
    {
        f((*a)[i], Index(Key(path, key), i));
    }
}

const std::string&
Checker::File() const
{
    return m_file;
}

} // namespace vsim
