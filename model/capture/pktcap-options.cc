/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pktcap-options.h"

#include "ns3/config-error.h"
#include "ns3/log.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PktcapOptions");

namespace
{

/// Index of each option in kOptions.
enum OptionId : std::size_t
{
    kOptUplink = 0,
    kOptSwitchPort,
    kOptVmk,
    kOptCapture,
    kOptDir,
    kOptProto,
    kOptEthType,
    kOptSrcMac,
    kOptDstMac,
    kOptMac,
    kOptSrcIp,
    kOptDstIp,
    kOptIp,
    kOptVlan,
    kOptSrcPort,
    kOptDstPort,
    kOptTcpPort,
    kOptVxlan,
    kOptCount,
    kOptSnaplen,
    kOptOutFile,
    kOptNg,
    kOptionCount
};

/// One pktcap-uw option.
struct OptionSpec
{
    const char* longName; //!< without the leading "--"
    char shortName;       //!< 0 when there is none
    const char* value;    //!< usage form of the value, nullptr for a flag
};

/// Every supported option, indexed by OptionId.
// clang-format off
constexpr std::array<OptionSpec, kOptionCount> kOptions = {{
    {"uplink", 0, "vmnicN"},
    {"switchport", 0, "PORTID"},
    {"vmk", 0, "vmkN"},
    {"capture", 0, "POINT[,POINT...]"},
    {"dir", 0, "0|1|2"},
    {"proto", 0, "0xNN"},
    {"ethtype", 0, "0xNNNN"},
    {"srcmac", 0, "MAC"},
    {"dstmac", 0, "MAC"},
    {"mac", 0, "MAC"},
    {"srcip", 0, "IP"},
    {"dstip", 0, "IP"},
    {"ip", 0, "IP"},
    {"vlan", 0, "VLANID"},
    {"srcport", 0, "PORT"},
    {"dstport", 0, "PORT"},
    {"tcpport", 0, "PORT"},
    {"vxlan", 0, "VNI"},
    {"count", 'c', "N"},
    {"snaplen", 's', "SNAPLEN"},
    {"outfile", 'o', "FILE"},
    {"ng", 0, nullptr},
}};

// clang-format on

std::size_t
FindLong(const std::string& name)
{
    for (std::size_t i = 0; i < kOptions.size(); ++i)
    {
        if (name == kOptions[i].longName)
        {
            return i;
        }
    }
    return kOptionCount;
}

std::size_t
FindShort(char c)
{
    for (std::size_t i = 0; i < kOptions.size(); ++i)
    {
        if (kOptions[i].shortName != 0 && kOptions[i].shortName == c)
        {
            return i;
        }
    }
    return kOptionCount;
}

/// A word that is an option rather than a value ("-c", "--dir"; "-1" is a value).
bool
LooksLikeOption(const std::string& word)
{
    return word.size() >= 2 && word[0] == '-' &&
           (word[1] == '-' || std::isalpha(static_cast<unsigned char>(word[1])));
}

std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/**
 * Parse an unsigned number: decimal, or hexadecimal after "0x".
 * \param text the text
 * \param max the largest accepted value
 * \param[out] out the value
 * \return false when the text is not such a number or exceeds max
 */
bool
ParseNumber(const std::string& text, uint64_t max, uint64_t& out)
{
    std::size_t i = 0;
    unsigned base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        base = 16;
        i = 2;
    }
    if (i >= text.size())
    {
        return false;
    }
    uint64_t v = 0;
    for (; i < text.size(); ++i)
    {
        auto c = static_cast<unsigned char>(text[i]);
        unsigned digit;
        if (std::isdigit(c))
        {
            digit = c - '0';
        }
        else if (base == 16 && std::isxdigit(c))
        {
            digit = std::tolower(c) - 'a' + 10;
        }
        else
        {
            return false;
        }
        if (v > (max - digit) / base)
        {
            return false;
        }
        v = v * base + digit;
    }
    out = v;
    return true;
}

/// Parse "aa:bb:cc:dd:ee:ff" (two hex digits per byte).
bool
ParseMac(const std::string& text, Mac48Address& out)
{
    if (text.size() != 17)
    {
        return false;
    }
    uint8_t bytes[6];
    for (std::size_t b = 0; b < 6; ++b)
    {
        auto hi = static_cast<unsigned char>(text[b * 3]);
        auto lo = static_cast<unsigned char>(text[b * 3 + 1]);
        if (!std::isxdigit(hi) || !std::isxdigit(lo) || (b < 5 && text[b * 3 + 2] != ':'))
        {
            return false;
        }
        auto nibble = [](unsigned char c) {
            return static_cast<uint8_t>(std::isdigit(c) ? c - '0' : std::tolower(c) - 'a' + 10);
        };
        bytes[b] = static_cast<uint8_t>((nibble(hi) << 4) | nibble(lo));
    }
    out.CopyFrom(bytes);
    return true;
}

/// Parse a dotted-quad IPv4 address (four decimal parts 0..255).
bool
ParseIpv4(const std::string& text, Ipv4Address& out)
{
    uint32_t address = 0;
    std::size_t pos = 0;
    for (int part = 0; part < 4; ++part)
    {
        std::size_t end = text.find('.', pos);
        if ((part < 3) != (end != std::string::npos))
        {
            return false;
        }
        std::string field =
            text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        uint64_t v = 0;
        if (field.empty() || field.size() > 3 ||
            !std::all_of(field.begin(),
                         field.end(),
                         [](unsigned char c) { return std::isdigit(c); }) ||
            !ParseNumber(field, 255, v))
        {
            return false;
        }
        address = (address << 8) | static_cast<uint32_t>(v);
        pos = end + 1;
    }
    out = Ipv4Address(address);
    return true;
}

/// The valid --capture names, for error messages.
std::string
ValidPointNames()
{
    std::ostringstream os;
    for (std::size_t i = 0; i < kCapturePointCount; ++i)
    {
        auto point = static_cast<CapturePoint>(i);
        os << (i ? ", " : "") << CapturePointName(point);
        if (point == CapturePoint::EtherswitchDispatch)
        {
            os << " (also EtherswitchDispatch)";
        }
        else if (point == CapturePoint::VnicTx)
        {
            os << " (also Vmxnet3Tx)";
        }
        else if (point == CapturePoint::VnicRx)
        {
            os << " (also Vmxnet3Rx)";
        }
    }
    return os.str();
}

/// A word as a shell would need it written.
std::string
Quote(const std::string& word)
{
    bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string("-_.,:/=+@%").find(c) != std::string::npos;
    });
    if (plain)
    {
        return word;
    }
    std::string quoted = "'";
    for (char c : word)
    {
        quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

bool
IsUplinkPoint(CapturePoint p)
{
    return p == CapturePoint::UplinkRcv || p == CapturePoint::UplinkSnd;
}

bool
IsPortPoint(CapturePoint p)
{
    return p == CapturePoint::PortInput || p == CapturePoint::PortOutput ||
           p == CapturePoint::VnicTx || p == CapturePoint::VnicRx;
}

} // namespace

bool
PktcapOptions::FilterSpec::IsEmpty() const
{
    return !ipProto && !etherType && !srcMac && !dstMac && !mac && !srcIp && !dstIp && !ip &&
           !vlan && !srcPort && !dstPort && !tcpPort && !vxlan;
}

PktcapOptions::PktcapOptions()
{
    NS_LOG_FUNCTION(this);
}

std::vector<std::string>
PktcapOptions::Tokenize(const std::string& commandLine)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    const std::size_t n = commandLine.size();
    for (std::size_t i = 0; i < n; ++i)
    {
        char c = commandLine[i];
        if (std::isspace(static_cast<unsigned char>(c)))
        {
            if (inWord)
            {
                words.push_back(word);
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == '\'')
        {
            std::size_t close = commandLine.find('\'', i + 1);
            if (close == std::string::npos)
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: unterminated ' quote in '"
                                     << commandLine << "' (close the quote)");
            }
            word.append(commandLine, i + 1, close - i - 1);
            i = close;
        }
        else if (c == '"')
        {
            std::size_t j = i + 1;
            for (; j < n && commandLine[j] != '"'; ++j)
            {
                if (commandLine[j] == '\\' && j + 1 < n &&
                    (commandLine[j + 1] == '"' || commandLine[j + 1] == '\\'))
                {
                    ++j;
                }
                word += commandLine[j];
            }
            if (j >= n)
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: unterminated \" quote in '"
                                     << commandLine << "' (close the quote)");
            }
            i = j;
        }
        else if (c == '\\')
        {
            if (i + 1 >= n)
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: '" << commandLine
                                                    << "' ends with a backslash (remove it)");
            }
            word += commandLine[++i];
        }
        else
        {
            word += c;
        }
    }
    if (inWord)
    {
        words.push_back(word);
    }
    return words;
}

std::string
PktcapOptions::SupportedOptions()
{
    std::ostringstream os;
    for (std::size_t i = 0; i < kOptions.size(); ++i)
    {
        const OptionSpec& o = kOptions[i];
        os << (i ? ", " : "");
        if (o.shortName)
        {
            os << '-' << o.shortName << '/';
        }
        os << "--" << o.longName;
        if (o.value)
        {
            os << ' ' << o.value;
        }
    }
    return os.str();
}

PktcapOptions
PktcapOptions::Parse(const std::string& commandLine)
{
    NS_LOG_FUNCTION(commandLine);
    PktcapOptions o;
    o.m_commandLine = commandLine;
    std::vector<std::string> words = Tokenize(commandLine);
    std::size_t i = (!words.empty() && words[0] == "pktcap-uw") ? 1 : 0;
    std::bitset<kOptionCount> seen;
    for (; i < words.size(); ++i)
    {
        const std::string& word = words[i];
        std::size_t id = kOptionCount;
        std::string typed;
        bool hasInline = false;
        std::string inlineValue;
        if (word.size() > 2 && word.compare(0, 2, "--") == 0)
        {
            std::size_t eq = word.find('=');
            typed = word.substr(0, eq);
            id = FindLong(typed.substr(2));
            if (eq != std::string::npos)
            {
                hasInline = true;
                inlineValue = word.substr(eq + 1);
            }
        }
        else if (word.size() >= 2 && word[0] == '-' && word[1] != '-')
        {
            typed = word.substr(0, 2);
            id = FindShort(word[1]);
            if (word.size() > 2)
            {
                hasInline = true;
                inlineValue = word.substr(2);
            }
        }
        else
        {
            VSWITCH_CONFIG_ERROR("pktcap-uw: unexpected argument '"
                                 << word << "': every argument is an option (supported: "
                                 << SupportedOptions() << ")");
        }
        if (id == kOptionCount)
        {
            VSWITCH_CONFIG_ERROR("pktcap-uw: unknown option '"
                                 << (typed.size() > 2 ? typed : word)
                                 << "' (supported: " << SupportedOptions() << ")");
        }
        const OptionSpec& spec = kOptions[id];
        if (seen.test(id))
        {
            VSWITCH_CONFIG_ERROR("pktcap-uw: " << typed
                                               << " given twice (each option may be given once)");
        }
        seen.set(id);
        std::string value;
        if (spec.value)
        {
            if (hasInline)
            {
                value = inlineValue;
            }
            else if (i + 1 < words.size() && !LooksLikeOption(words[i + 1]))
            {
                value = words[++i];
            }
            else
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: " << typed << " needs a value"
                                                   << (i + 1 < words.size()
                                                           ? " (got option " + words[i + 1] + ")"
                                                           : std::string())
                                                   << "; write " << typed << ' ' << spec.value);
            }
        }
        else if (hasInline)
        {
            VSWITCH_CONFIG_ERROR("pktcap-uw: " << typed << " takes no value (got '" << word
                                               << "'; write just " << typed << ")");
        }
        o.m_given.emplace_back(typed, value);
        o.Apply(id, typed, value);
    }
    o.Validate();
    return o;
}

void
PktcapOptions::Apply(std::size_t id, const std::string& option, const std::string& value)
{
    NS_LOG_FUNCTION(this << option << value);
    const std::string what = "pktcap-uw: " + option + " " + Quote(value) + ": ";
    uint64_t n = 0;
    auto number = [&](uint64_t min, uint64_t max, const char* kind) {
        if (!ParseNumber(value, max, n) || n < min)
        {
            VSWITCH_CONFIG_ERROR(what << "not " << kind << " from " << min << " to " << max
                                      << " (decimal, or hexadecimal with 0x)");
        }
        return n;
    };
    auto setTarget = [&](Target target) {
        if (m_target != Target::None)
        {
            VSWITCH_CONFIG_ERROR(what << "a session watches one place and " << TargetText()
                                      << " was already given (give only one of --uplink, "
                                         "--switchport, --vmk)");
        }
        m_target = target;
    };
    auto nicName = [&](const char* prefix, const char* example) {
        std::size_t len = std::char_traits<char>::length(prefix);
        bool ok = value.size() > len && value.compare(0, len, prefix) == 0 &&
                  std::all_of(value.begin() + len, value.end(), [](unsigned char c) {
                      return std::isdigit(c);
                  });
        if (!ok)
        {
            VSWITCH_CONFIG_ERROR(what << "not a " << prefix << "N name (e.g. " << example << ")");
        }
    };
    auto mac = [&]() {
        Mac48Address m;
        if (!ParseMac(value, m))
        {
            VSWITCH_CONFIG_ERROR(what << "not a MAC address (write it as aa:bb:cc:dd:ee:ff)");
        }
        return m;
    };
    auto ip = [&]() {
        Ipv4Address a;
        if (!ParseIpv4(value, a))
        {
            VSWITCH_CONFIG_ERROR(what << "not an IPv4 address (write it as a.b.c.d)");
        }
        return a;
    };

    switch (static_cast<OptionId>(id))
    {
    case kOptUplink:
        nicName("vmnic", "vmnic0");
        setTarget(Target::Uplink);
        m_uplink = value;
        break;
    case kOptSwitchPort:
        if (!ParseNumber(value, std::numeric_limits<uint32_t>::max(), n))
        {
            VSWITCH_CONFIG_ERROR(what << "not a port ID (a 32-bit number, decimal as in 50331657 "
                                         "or hexadecimal as in 0x03000009)");
        }
        setTarget(Target::SwitchPort);
        m_switchPort = static_cast<uint32_t>(n);
        break;
    case kOptVmk:
        nicName("vmk", "vmk0");
        setTarget(Target::Vmk);
        m_vmk = value;
        break;
    case kOptCapture: {
        std::size_t pos = 0;
        while (true)
        {
            std::size_t comma = value.find(',', pos);
            std::string name =
                value.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            CapturePoint point;
            if (name.empty())
            {
                VSWITCH_CONFIG_ERROR(what << "empty point name (write POINT[,POINT...] with "
                                             "points among "
                                          << ValidPointNames() << ")");
            }
            if (!CapturePointFromString(name, point))
            {
                VSWITCH_CONFIG_ERROR(what << "unknown capture point '" << name
                                          << "' (valid points: " << ValidPointNames() << ")");
            }
            if (std::find(m_points.begin(), m_points.end(), point) != m_points.end())
            {
                VSWITCH_CONFIG_ERROR(what << "point " << CapturePointName(point)
                                          << " listed twice (list each point once)");
            }
            m_points.push_back(point);
            if (comma == std::string::npos)
            {
                break;
            }
            pos = comma + 1;
        }
        break;
    }
    case kOptDir: {
        std::string d = Lower(value);
        if (d == "0" || d == "input")
        {
            m_dir = Dir::Input;
        }
        else if (d == "1" || d == "output")
        {
            m_dir = Dir::Output;
        }
        else if (d == "2" || d == "inputandoutput")
        {
            m_dir = Dir::InputAndOutput;
        }
        else
        {
            VSWITCH_CONFIG_ERROR(what << "not a direction (use 0 or input, 1 or output, "
                                         "2 or inputAndOutput)");
        }
        m_dirGiven = true;
        break;
    }
    case kOptProto:
        m_filter.ipProto = static_cast<uint8_t>(number(0, 0xff, "an IP protocol number"));
        break;
    case kOptEthType:
        m_filter.etherType = static_cast<uint16_t>(number(0, 0xffff, "an EtherType"));
        break;
    case kOptSrcMac:
        m_filter.srcMac = mac();
        break;
    case kOptDstMac:
        m_filter.dstMac = mac();
        break;
    case kOptMac:
        m_filter.mac = mac();
        break;
    case kOptSrcIp:
        m_filter.srcIp = ip();
        break;
    case kOptDstIp:
        m_filter.dstIp = ip();
        break;
    case kOptIp:
        m_filter.ip = ip();
        break;
    case kOptVlan:
        m_filter.vlan = static_cast<uint16_t>(number(0, 4095, "a VLAN ID"));
        break;
    case kOptSrcPort:
        m_filter.srcPort = static_cast<uint16_t>(number(0, 65535, "a port number"));
        break;
    case kOptDstPort:
        m_filter.dstPort = static_cast<uint16_t>(number(0, 65535, "a port number"));
        break;
    case kOptTcpPort:
        m_filter.tcpPort = static_cast<uint16_t>(number(0, 65535, "a port number"));
        break;
    case kOptVxlan:
        m_filter.vxlan = static_cast<uint32_t>(number(0, 0xffffff, "a VXLAN network identifier"));
        break;
    case kOptCount:
        m_count =
            static_cast<uint32_t>(number(1, std::numeric_limits<uint32_t>::max(), "a frame count"));
        break;
    case kOptSnaplen:
        m_snaplen = static_cast<uint32_t>(number(kMinSnaplen, kMaxSnaplen, "a snap length"));
        m_snaplenGiven = true;
        break;
    case kOptOutFile:
        if (value.empty())
        {
            VSWITCH_CONFIG_ERROR("pktcap-uw: " << option << ": empty file name (write " << option
                                               << " FILE)");
        }
        m_outFile = value;
        break;
    case kOptNg:
        m_pcapng = true;
        break;
    case kOptionCount:
        break;
    }
}

std::string
PktcapOptions::TargetText() const
{
    std::ostringstream os;
    switch (m_target)
    {
    case Target::Uplink:
        os << "--uplink " << m_uplink;
        break;
    case Target::SwitchPort:
        os << "--switchport " << m_switchPort;
        break;
    case Target::Vmk:
        os << "--vmk " << m_vmk;
        break;
    case Target::None:
        break;
    }
    return os.str();
}

void
PktcapOptions::Validate() const
{
    if (m_pcapng && m_outFile.empty())
    {
        VSWITCH_CONFIG_ERROR("pktcap-uw: --ng: pcapng is a file format and frames go to the "
                             "console (give -o FILE too, or drop --ng)");
    }
    for (CapturePoint point : m_points)
    {
        const char* name = CapturePointName(point);
        if (IsUplinkPoint(point) && m_target != Target::Uplink)
        {
            if (m_target == Target::None)
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: --capture " << name
                                                             << ": this point is on an uplink "
                                                                "(give --uplink vmnicN)");
            }
            VSWITCH_CONFIG_ERROR("pktcap-uw: --capture "
                                 << name << ": this point is on an uplink, not on " << TargetText()
                                 << " (use --uplink vmnicN, or a port point: PortInput, "
                                    "PortOutput, VnicTx, VnicRx)");
        }
        if (IsPortPoint(point) && (m_target == Target::Uplink || m_target == Target::None))
        {
            if (m_target == Target::None)
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: --capture "
                                     << name
                                     << ": this point is on a switch port (give --switchport "
                                        "PORTID or --vmk vmkN)");
            }
            VSWITCH_CONFIG_ERROR("pktcap-uw: --capture "
                                 << name << ": this point is on a switch port, not on "
                                 << TargetText()
                                 << " (use --switchport PORTID or --vmk vmkN, or an uplink "
                                    "point: UplinkRcv, UplinkSnd)");
        }
    }
    ResolvePoints();
}

const std::string&
PktcapOptions::GetCommandLine() const
{
    return m_commandLine;
}

std::string
PktcapOptions::ToString() const
{
    std::ostringstream os;
    bool first = true;
    for (const auto& [option, value] : m_given)
    {
        os << (first ? "" : " ") << option;
        first = false;
        if (option == "--ng")
        {
            continue;
        }
        // As the next word, a value like "-x" would be read as an option: keep it attached.
        if (LooksLikeOption(value))
        {
            os << (option.size() > 2 ? "=" : "") << Quote(value);
        }
        else
        {
            os << ' ' << Quote(value);
        }
    }
    return os.str();
}

PktcapOptions::Target
PktcapOptions::GetTarget() const
{
    return m_target;
}

const std::string&
PktcapOptions::GetUplink() const
{
    return m_uplink;
}

uint32_t
PktcapOptions::GetSwitchPort() const
{
    return m_switchPort;
}

const std::string&
PktcapOptions::GetVmk() const
{
    return m_vmk;
}

bool
PktcapOptions::HasCapturePoints() const
{
    return !m_points.empty();
}

const std::vector<CapturePoint>&
PktcapOptions::GetCapturePoints() const
{
    return m_points;
}

PktcapOptions::Dir
PktcapOptions::GetDir() const
{
    return m_dir;
}

bool
PktcapOptions::IsDirGiven() const
{
    return m_dirGiven;
}

bool
PktcapOptions::AcceptsDirection(CaptureDirection direction) const
{
    switch (m_dir)
    {
    case Dir::Input:
        return direction == CaptureDirection::Input;
    case Dir::Output:
        return direction == CaptureDirection::Output;
    case Dir::InputAndOutput:
        return true;
    }
    return false;
}

std::vector<CapturePoint>
PktcapOptions::ResolvePoints(bool uplinkPort) const
{
    const bool asUplink =
        m_target == Target::Uplink || (uplinkPort && m_target == Target::SwitchPort);
    if (!m_points.empty())
    {
        for (CapturePoint p : m_points)
        {
            if (asUplink && m_target == Target::SwitchPort && IsPortPoint(p))
            {
                VSWITCH_CONFIG_ERROR("pktcap-uw: --switchport "
                                     << m_switchPort << " is an uplink's port: --capture "
                                     << CapturePointName(p)
                                     << " is a point of a virtual port (use UplinkRcv, UplinkSnd, "
                                        "EtherswitchDispatch, EtherswitchOutput or Drop)");
            }
        }
        return m_points;
    }
    CapturePoint in;
    CapturePoint out;
    switch (asUplink ? Target::Uplink : m_target)
    {
    case Target::Uplink:
        in = CapturePoint::EtherswitchDispatch;
        out = CapturePoint::UplinkSnd;
        break;
    case Target::SwitchPort:
    case Target::Vmk:
        in = CapturePoint::PortInput;
        out = CapturePoint::PortOutput;
        break;
    case Target::None:
    default:
        VSWITCH_CONFIG_ERROR("pktcap-uw: nothing to capture: give --uplink vmnicN, --switchport "
                             "PORTID or --vmk vmkN, or --capture POINT (valid points: "
                             << ValidPointNames() << ")");
    }
    switch (m_dir)
    {
    case Dir::Input:
        return {in};
    case Dir::Output:
        return {out};
    case Dir::InputAndOutput:
    default:
        return {in, out};
    }
}

const PktcapOptions::FilterSpec&
PktcapOptions::GetFilter() const
{
    return m_filter;
}

std::optional<uint32_t>
PktcapOptions::GetCount() const
{
    return m_count;
}

uint32_t
PktcapOptions::GetSnaplen() const
{
    return m_snaplen;
}

bool
PktcapOptions::IsSnaplenGiven() const
{
    return m_snaplenGiven;
}

const std::string&
PktcapOptions::GetOutFile() const
{
    return m_outFile;
}

bool
PktcapOptions::IsPcapng() const
{
    return m_pcapng;
}

const char*
PktcapDirName(PktcapOptions::Dir dir)
{
    switch (dir)
    {
    case PktcapOptions::Dir::Input:
        return "Input";
    case PktcapOptions::Dir::Output:
        return "Output";
    case PktcapOptions::Dir::InputAndOutput:
        return "Input and Output";
    }
    return "unknown";
}

} // namespace ns3
