/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The pktcap-uw stand-in without the vSwitch: PktcapOptions (the command line), CaptureFilter
 * (the session filters), CaptureFileWriter and CaptureBytes (pcap / pcapng output) and
 * PktcapConsole (the console format of the seeds). Behaviour spec section 8.
 */
#include "test-util.h"

#include "ns3/capture-file-writer.h"
#include "ns3/capture-filter.h"
#include "ns3/capture-point.h"
#include "ns3/config-error.h"
#include "ns3/drop-reason.h"
#include "ns3/pktcap-console.h"
#include "ns3/pktcap-options.h"

#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

// ---------------------------------------------------------------------------------------
// Helpers

/// Bytes from hex text; whitespace is ignored.
std::vector<uint8_t>
Hex(const std::string& text)
{
    std::string digits;
    for (char c : text)
    {
        if (!std::isspace(static_cast<unsigned char>(c)))
        {
            digits += c;
        }
    }
    std::vector<uint8_t> bytes;
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    {
        bytes.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

/// Seed 0, first frame of `pktcap-uw --uplink vmnic2 -c 3 --proto 0x01` (ICMP echo reply
/// 192.168.100.11 -> 192.168.100.12), as the dump shows it: 98 bytes, untagged.
const std::vector<uint8_t> kSeedFrame = Hex("0050 569d fdb1 0050 569d 4342 0800 4500"
                                            "0054 15e5 0000 4001 1b5c c0a8 640b c0a8"
                                            "640c 0000 b9f4 0d1d 019f 9ced ae5e 0000"
                                            "0000 2630 0700 0000 0000 1011 1213 1415"
                                            "1617 1819 1a1b 1c1d 1e1f 2021 2223 2425"
                                            "2627 2829 2a2b 2c2d 2e2f 3031 3233 3435"
                                            "3637");

/// The same frame with an 802.1Q tag for VLAN 100 after the MACs.
std::vector<uint8_t>
Tagged(std::vector<uint8_t> frame, uint16_t vid)
{
    const uint8_t tag[4] = {0x81, 0x00, static_cast<uint8_t>(vid >> 8), static_cast<uint8_t>(vid)};
    frame.insert(frame.begin() + 12, tag, tag + 4);
    return frame;
}

Ptr<Packet>
ToPacket(const std::vector<uint8_t>& bytes)
{
    return Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size()));
}

void
Put16(std::vector<uint8_t>& v, uint16_t x)
{
    v.push_back(static_cast<uint8_t>(x >> 8));
    v.push_back(static_cast<uint8_t>(x));
}

void
Put32(std::vector<uint8_t>& v, uint32_t x)
{
    Put16(v, static_cast<uint16_t>(x >> 16));
    Put16(v, static_cast<uint16_t>(x));
}

void
PutMac(std::vector<uint8_t>& v, const char* mac)
{
    uint8_t b[6];
    Mac48Address(mac).CopyTo(b);
    v.insert(v.end(), b, b + 6);
}

/// An Ethernet II frame, tagged when vlan >= 0.
std::vector<uint8_t>
Eth(const char* dst,
    const char* src,
    uint16_t type,
    const std::vector<uint8_t>& payload,
    int vlan = -1)
{
    std::vector<uint8_t> f;
    PutMac(f, dst);
    PutMac(f, src);
    if (vlan >= 0)
    {
        Put16(f, 0x8100);
        Put16(f, static_cast<uint16_t>(vlan));
    }
    Put16(f, type);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

/// An IPv4 header (ihlWords * 4 bytes, options zero) followed by a payload.
std::vector<uint8_t>
Ip(uint8_t proto,
   const char* src,
   const char* dst,
   const std::vector<uint8_t>& payload,
   uint8_t ihlWords = 5,
   uint16_t fragmentOffset = 0)
{
    std::vector<uint8_t> p;
    p.push_back(static_cast<uint8_t>(0x40 | ihlWords));
    p.push_back(0);
    Put16(p, static_cast<uint16_t>(ihlWords * 4 + payload.size()));
    Put16(p, 0x1234);
    Put16(p, fragmentOffset);
    p.push_back(64);
    p.push_back(proto);
    Put16(p, 0);
    Put32(p, Ipv4Address(src).Get());
    Put32(p, Ipv4Address(dst).Get());
    p.resize(ihlWords * 4u, 0);
    p.insert(p.end(), payload.begin(), payload.end());
    return p;
}

/// A UDP header and payload.
std::vector<uint8_t>
Udp(uint16_t sport, uint16_t dport, const std::vector<uint8_t>& payload = {})
{
    std::vector<uint8_t> u;
    Put16(u, sport);
    Put16(u, dport);
    Put16(u, static_cast<uint16_t>(8 + payload.size()));
    Put16(u, 0);
    u.insert(u.end(), payload.begin(), payload.end());
    return u;
}

/// A 20-byte TCP header.
std::vector<uint8_t>
Tcp(uint16_t sport, uint16_t dport)
{
    std::vector<uint8_t> t;
    Put16(t, sport);
    Put16(t, dport);
    t.resize(20, 0);
    t[12] = 0x50;
    return t;
}

/// A VXLAN header (flags I) and the inner frame.
std::vector<uint8_t>
Vxlan(uint32_t vni, const std::vector<uint8_t>& inner)
{
    std::vector<uint8_t> v = {0x08, 0, 0, 0};
    v.push_back(static_cast<uint8_t>(vni >> 16));
    v.push_back(static_cast<uint8_t>(vni >> 8));
    v.push_back(static_cast<uint8_t>(vni));
    v.push_back(0);
    v.insert(v.end(), inner.begin(), inner.end());
    return v;
}

const char* const kVmA = "00:50:56:9d:43:42";
const char* const kVmB = "00:50:56:9d:fd:b1";
const char* const kOther = "00:0c:29:c6:07:20";

/// An ICMP frame from VM A to VM B.
std::vector<uint8_t>
Icmp(int vlan = -1)
{
    return Eth(kVmB, kVmA, 0x0800, Ip(1, "192.168.100.11", "192.168.100.12", {8, 0, 0, 0}), vlan);
}

/// A RARP frame of vMotion (seed 1).
std::vector<uint8_t>
Rarp(int vlan = -1)
{
    return Eth("ff:ff:ff:ff:ff:ff", kOther, 0x8035, std::vector<uint8_t>(28, 0), vlan);
}

/// A filter from pktcap-uw filter options (a switch-wide session so no target is needed).
CaptureFilter
Filter(const std::string& options)
{
    return CaptureFilter(PktcapOptions::Parse("--capture Drop " + options));
}

bool
Match(const CaptureFilter& f, const std::vector<uint8_t>& frame, uint16_t vlanMeta = 0)
{
    return f.Matches(frame.data(), frame.size(), vlanMeta);
}

/// Parse must fail with a ConfigError whose message contains every part.
::testing::AssertionResult
FailsWith(const std::string& commandLine, std::initializer_list<const char*> parts)
{
    std::string message;
    try
    {
        PktcapOptions::Parse(commandLine);
        return ::testing::AssertionFailure() << "'" << commandLine << "' was accepted";
    }
    catch (const ConfigError& e)
    {
        message = e.what();
    }
    for (const char* part : parts)
    {
        if (message.find(part) == std::string::npos)
        {
            return ::testing::AssertionFailure()
                   << "'" << commandLine << "': message lacks \"" << part << "\": " << message;
        }
    }
    return ::testing::AssertionSuccess() << message;
}

std::vector<CapturePoint>
Points(std::initializer_list<CapturePoint> points)
{
    return std::vector<CapturePoint>(points);
}

// ---------------------------------------------------------------------------------------
// PktcapOptions: the command line

TEST(PktcapOptions, ParsesSeedUplinkSession)
{
    auto o = PktcapOptions::Parse("--uplink vmnic2 -c 3 --proto 0x01");
    EXPECT_EQ(o.GetTarget(), PktcapOptions::Target::Uplink);
    EXPECT_EQ(o.GetUplink(), "vmnic2");
    ASSERT_TRUE(o.GetCount());
    EXPECT_EQ(*o.GetCount(), 3u);
    ASSERT_TRUE(o.GetFilter().ipProto);
    EXPECT_EQ(*o.GetFilter().ipProto, 1);
    EXPECT_FALSE(o.HasCapturePoints());
    EXPECT_FALSE(o.IsDirGiven());
    EXPECT_TRUE(o.GetOutFile().empty());
    EXPECT_EQ(o.GetSnaplen(), PktcapOptions::kDefaultSnaplen);
}

TEST(PktcapOptions, SwitchportAcceptsDecimalAndHex)
{
    auto dec = PktcapOptions::Parse("--switchport 50331657 --dir 1 -c 3 --proto 0x01 "
                                    "--capture PortOutput");
    auto hex = PktcapOptions::Parse("--switchport 0x03000009");
    EXPECT_EQ(dec.GetTarget(), PktcapOptions::Target::SwitchPort);
    EXPECT_EQ(dec.GetSwitchPort(), 50331657u);
    EXPECT_EQ(hex.GetSwitchPort(), 0x03000009u);
    EXPECT_EQ(PktcapOptions::Parse("--switchport 0xFFFFFFFF").GetSwitchPort(), 0xffffffffu);
}

TEST(PktcapOptions, VmkTargetIsParsed)
{
    auto o = PktcapOptions::Parse("--vmk vmk0");
    EXPECT_EQ(o.GetTarget(), PktcapOptions::Target::Vmk);
    EXPECT_EQ(o.GetVmk(), "vmk0");
}

TEST(PktcapOptions, DirDefaultsToInputOnly)
{
    auto o = PktcapOptions::Parse("--uplink vmnic0");
    EXPECT_FALSE(o.IsDirGiven());
    EXPECT_EQ(o.GetDir(), PktcapOptions::Dir::Input);
    EXPECT_TRUE(o.AcceptsDirection(CaptureDirection::Input));
    EXPECT_FALSE(o.AcceptsDirection(CaptureDirection::Output));
}

TEST(PktcapOptions, DirAcceptsNumbersAndNamesCaseInsensitively)
{
    struct Case
    {
        const char* value;
        PktcapOptions::Dir dir;
    };

    for (const Case& c : {Case{"0", PktcapOptions::Dir::Input},
                          Case{"1", PktcapOptions::Dir::Output},
                          Case{"2", PktcapOptions::Dir::InputAndOutput},
                          Case{"input", PktcapOptions::Dir::Input},
                          Case{"OUTPUT", PktcapOptions::Dir::Output},
                          Case{"inputAndOutput", PktcapOptions::Dir::InputAndOutput},
                          Case{"InputAndOutput", PktcapOptions::Dir::InputAndOutput}})
    {
        auto o = PktcapOptions::Parse(std::string("--uplink vmnic1 --dir ") + c.value);
        EXPECT_TRUE(o.IsDirGiven()) << c.value;
        EXPECT_EQ(o.GetDir(), c.dir) << c.value;
    }
    auto both = PktcapOptions::Parse("--uplink vmnic1 --dir 2");
    EXPECT_TRUE(both.AcceptsDirection(CaptureDirection::Input));
    EXPECT_TRUE(both.AcceptsDirection(CaptureDirection::Output));
    auto out = PktcapOptions::Parse("--uplink vmnic1 --dir 1");
    EXPECT_FALSE(out.AcceptsDirection(CaptureDirection::Input));
    EXPECT_TRUE(out.AcceptsDirection(CaptureDirection::Output));
}

TEST(PktcapOptions, DirOutOfRangeIsError)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --dir 3", {"--dir 3", "0 or input", "inputAndOutput"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --dir both", {"--dir both", "not a direction"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --dir -1", {"--dir -1"}));
}

TEST(PktcapOptions, SwitchportDefaultPointFollowsDir)
{
    EXPECT_EQ(PktcapOptions::Parse("--switchport 50331657").ResolvePoints(),
              Points({CapturePoint::PortInput}));
    EXPECT_EQ(PktcapOptions::Parse("--switchport 50331657 --dir 1").ResolvePoints(),
              Points({CapturePoint::PortOutput}));
    EXPECT_EQ(PktcapOptions::Parse("--switchport 50331657 --dir 2").ResolvePoints(),
              Points({CapturePoint::PortInput, CapturePoint::PortOutput}));
}

TEST(PktcapOptions, VmkDefaultPointFollowsDir)
{
    EXPECT_EQ(PktcapOptions::Parse("--vmk vmk1").ResolvePoints(),
              Points({CapturePoint::PortInput}));
    EXPECT_EQ(PktcapOptions::Parse("--vmk vmk1 --dir output").ResolvePoints(),
              Points({CapturePoint::PortOutput}));
    EXPECT_EQ(PktcapOptions::Parse("--vmk vmk1 --dir 2").ResolvePoints(),
              Points({CapturePoint::PortInput, CapturePoint::PortOutput}));
}

TEST(PktcapOptions, UplinkDefaultPointIsEtherswitchDispatchForInput)
{
    EXPECT_EQ(PktcapOptions::Parse("--uplink vmnic2 -c 3 --proto 0x01").ResolvePoints(),
              Points({CapturePoint::EtherswitchDispatch}));
}

TEST(PktcapOptions, UplinkOutputPointIsUplinkSnd)
{
    EXPECT_EQ(PktcapOptions::Parse("--outfile vmnic1.cap --dir 1 --uplink vmnic1").ResolvePoints(),
              Points({CapturePoint::UplinkSnd}));
    // Seed 3: --dir 2 shows the outgoing ARP requests too.
    EXPECT_EQ(PktcapOptions::Parse("--outfile vmnic1.cap --dir 2 --uplink vmnic1").ResolvePoints(),
              Points({CapturePoint::EtherswitchDispatch, CapturePoint::UplinkSnd}));
}

TEST(PktcapOptions, ExplicitCaptureOverridesDir)
{
    auto o = PktcapOptions::Parse("--switchport 50331657 --dir 1 -c 3 --proto 0x01 "
                                  "--capture VnicRx");
    EXPECT_TRUE(o.HasCapturePoints());
    EXPECT_EQ(o.ResolvePoints(), Points({CapturePoint::VnicRx}));
    EXPECT_EQ(o.GetDir(), PktcapOptions::Dir::Output);
}

TEST(PktcapOptions, CaptureListsSeveralPointsInOrder)
{
    auto o = PktcapOptions::Parse("--switchport 7 --capture PortOutput,VnicRx,Drop");
    EXPECT_EQ(o.GetCapturePoints(),
              Points({CapturePoint::PortOutput, CapturePoint::VnicRx, CapturePoint::Drop}));
    EXPECT_EQ(o.ResolvePoints(), o.GetCapturePoints());
}

TEST(PktcapOptions, CaptureAcceptsAliasesAndBothSpellings)
{
    EXPECT_EQ(PktcapOptions::Parse("--capture EtherswitchDispatch").ResolvePoints(),
              Points({CapturePoint::EtherswitchDispatch}));
    EXPECT_EQ(PktcapOptions::Parse("--capture EtherswitchDispath").ResolvePoints(),
              Points({CapturePoint::EtherswitchDispatch}));
    EXPECT_EQ(PktcapOptions::Parse("--switchport 9 --capture Vmxnet3Rx").ResolvePoints(),
              Points({CapturePoint::VnicRx}));
    EXPECT_EQ(PktcapOptions::Parse("--switchport 9 --capture vmxnet3tx").ResolvePoints(),
              Points({CapturePoint::VnicTx}));
    EXPECT_STREQ(CapturePointName(CapturePoint::EtherswitchDispatch), "EtherswitchDispath");
}

TEST(PktcapOptions, UnknownCapturePointIsErrorListingValidNames)
{
    EXPECT_TRUE(FailsWith("--switchport 9 --capture PortOut",
                          {"--capture PortOut",
                           "unknown capture point 'PortOut'",
                           "UplinkRcv",
                           "EtherswitchDispath (also EtherswitchDispatch)",
                           "VnicRx",
                           "Drop"}));
    EXPECT_TRUE(FailsWith("--switchport 9 --capture PortInput,", {"empty point name"}));
    EXPECT_TRUE(FailsWith("--switchport 9 --capture PortInput,portinput", {"listed twice"}));
}

TEST(PktcapOptions, NoTargetAndNoCaptureIsError)
{
    EXPECT_TRUE(FailsWith("--proto 0x01", {"--uplink", "--switchport", "--vmk", "--capture"}));
    EXPECT_TRUE(FailsWith("", {"nothing to capture"}));
    PktcapOptions empty;
    EXPECT_THROW(empty.ResolvePoints(), ConfigError);
}

TEST(PktcapOptions, SwitchWidePointsAcceptAnyTargetOrNone)
{
    for (const char* target : {"", "--uplink vmnic0 ", "--switchport 9 ", "--vmk vmk0 "})
    {
        for (const char* point : {"EtherswitchDispatch", "EtherswitchOutput", "Drop"})
        {
            std::string cmd = std::string(target) + "--capture " + point;
            EXPECT_NO_THROW(PktcapOptions::Parse(cmd)) << cmd;
        }
    }
}

TEST(PktcapOptions, UplinkPointNeedsUplinkTarget)
{
    EXPECT_NO_THROW(PktcapOptions::Parse("--uplink vmnic0 --capture UplinkRcv,UplinkSnd"));
    EXPECT_TRUE(FailsWith("--capture UplinkRcv", {"--capture UplinkRcv", "give --uplink"}));
    EXPECT_TRUE(FailsWith("--switchport 9 --capture UplinkSnd",
                          {"--capture UplinkSnd", "not on --switchport 9", "--uplink vmnicN"}));
    EXPECT_TRUE(FailsWith("--vmk vmk0 --capture UplinkRcv", {"not on --vmk vmk0"}));
}

TEST(PktcapOptions, PortPointNeedsPortOrVmkTarget)
{
    for (const char* point : {"PortInput", "PortOutput", "VnicTx", "VnicRx"})
    {
        std::string withUplink = std::string("--uplink vmnic2 --capture ") + point;
        EXPECT_TRUE(FailsWith(withUplink, {point, "not on --uplink vmnic2", "--switchport"}));
        std::string alone = std::string("--capture ") + point;
        EXPECT_TRUE(FailsWith(alone, {point, "give --switchport PORTID or --vmk vmkN"}));
        EXPECT_NO_THROW(PktcapOptions::Parse(std::string("--vmk vmk0 --capture ") + point));
    }
}

TEST(PktcapOptions, TwoTargetsIsError)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --switchport 9",
                          {"--switchport 9",
                           "--uplink vmnic0 was already given",
                           "only one of --uplink, --switchport, --vmk"}));
    EXPECT_TRUE(FailsWith("--vmk vmk0 --uplink vmnic0", {"--vmk vmk0 was already given"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --uplink vmnic1", {"--uplink given twice"}));
}

TEST(PktcapOptions, UnknownOptionIsErrorListingSupportedOptions)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --protocol 0x01",
                          {"unknown option '--protocol'", "--proto 0xNN", "-c/--count N", "--ng"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -x", {"unknown option '-x'"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 vmnic1", {"unexpected argument 'vmnic1'"}));
}

TEST(PktcapOptions, MissingArgumentIsError)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -c", {"-c needs a value", "write -c N"}));
    EXPECT_TRUE(FailsWith("--uplink --dir 1",
                          {"--uplink needs a value", "got option --dir", "--uplink vmnicN"}));
    EXPECT_TRUE(FailsWith("--switchport 9 --capture", {"--capture needs a value"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --dir=", {"--dir"}));
}

TEST(PktcapOptions, FlagWithValueIsError)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -o a.pcap --ng=yes", {"--ng takes no value"}));
}

TEST(PktcapOptions, EveryOptionMayBeGivenOnce)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -c 3 --count 4", {"--count given twice"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --proto 1 --proto 6", {"--proto given twice"}));
}

TEST(PktcapOptions, BadTargetNamesAreErrors)
{
    EXPECT_TRUE(FailsWith("--uplink eth0", {"--uplink eth0", "vmnicN", "vmnic0"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic", {"--uplink vmnic"}));
    EXPECT_TRUE(FailsWith("--vmk vmnic0", {"--vmk vmnic0", "vmkN"}));
    EXPECT_TRUE(FailsWith("--switchport port9", {"--switchport port9", "0x03000009"}));
    EXPECT_TRUE(FailsWith("--switchport 0x100000000", {"not a port ID"}));
}

TEST(PktcapOptions, BadMacIsError)
{
    for (const char* mac : {"00:50:56:9d:43",
                            "00-50-56-9d-43-42",
                            "00:50:56:9d:43:4g",
                            "0050.569d.4342",
                            "00:50:56:9d:43:420"})
    {
        for (const char* option : {"--srcmac", "--dstmac", "--mac"})
        {
            std::string cmd = std::string("--uplink vmnic0 ") + option + " " + mac;
            EXPECT_TRUE(FailsWith(cmd, {option, mac, "aa:bb:cc:dd:ee:ff"}));
        }
    }
}

TEST(PktcapOptions, BadIpIsError)
{
    for (const char* ip : {"192.168.100",
                           "192.168.100.256",
                           "192.168.100.1.2",
                           "a.b.c.d",
                           "192.168..1",
                           "1920.168.100.1"})
    {
        for (const char* option : {"--srcip", "--dstip", "--ip"})
        {
            std::string cmd = std::string("--uplink vmnic0 ") + option + " " + ip;
            EXPECT_TRUE(FailsWith(cmd, {option, ip, "a.b.c.d"}));
        }
    }
}

TEST(PktcapOptions, BadNumbersAreErrors)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --proto 0x100", {"--proto 0x100", "0 to 255"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --proto icmp", {"--proto icmp", "IP protocol"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --ethtype 0x10000", {"--ethtype", "0 to 65535"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --ethtype 0x", {"--ethtype 0x"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --vlan 4096", {"--vlan 4096", "0 to 4095"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --srcport 65536", {"--srcport", "0 to 65535"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --dstport 80a", {"--dstport 80a"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --tcpport -1", {"--tcpport -1"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --vxlan 16777216", {"--vxlan", "0 to 16777215"}));
    EXPECT_TRUE(
        FailsWith("--uplink vmnic0 --vxlan 0x1000000", {"--vxlan 0x1000000", "0 to 16777215"}));
    EXPECT_TRUE(
        FailsWith("--uplink vmnic0 --vxlan web", {"--vxlan web", "VXLAN network identifier"}));
    EXPECT_TRUE(
        FailsWith("--uplink vmnic0 --vxlan -1", {"--vxlan -1", "VXLAN network identifier"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --vxlan 5001.5", {"--vxlan 5001.5"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -c 3x", {"-c 3x", "frame count"}));
}

TEST(PktcapOptions, CountMustBeAtLeastOne)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -c 0", {"-c 0", "from 1"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --count 0", {"--count 0"}));
    EXPECT_EQ(*PktcapOptions::Parse("--uplink vmnic0 --count 1").GetCount(), 1u);
    EXPECT_FALSE(PktcapOptions::Parse("--uplink vmnic0").GetCount());
}

TEST(PktcapOptions, SnaplenMustHoldAnEthernetHeader)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -s 13", {"-s 13", "from 14"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --snaplen 262145", {"--snaplen", "262144"}));
    auto o = PktcapOptions::Parse("--uplink vmnic0 -s 128");
    EXPECT_TRUE(o.IsSnaplenGiven());
    EXPECT_EQ(o.GetSnaplen(), 128u);
}

TEST(PktcapOptions, OutfileAndPcapng)
{
    // Seed 1 and seed 3 forms.
    auto seed1 = PktcapOptions::Parse("--uplink vmnic0 --ethtype 0x8035 "
                                      "-o /vmfs/volumes/datastore1/test.pcap");
    EXPECT_EQ(seed1.GetOutFile(), "/vmfs/volumes/datastore1/test.pcap");
    EXPECT_EQ(*seed1.GetFilter().etherType, 0x8035);
    EXPECT_FALSE(seed1.IsPcapng());
    auto seed3 = PktcapOptions::Parse("--outfile vmnic0.cap --dir 2 --uplink vmnic0");
    EXPECT_EQ(seed3.GetOutFile(), "vmnic0.cap");
    EXPECT_TRUE(PktcapOptions::Parse("--uplink vmnic0 -o x.pcapng --ng").IsPcapng());
}

TEST(PktcapOptions, PcapngNeedsOutfile)
{
    EXPECT_TRUE(FailsWith("--uplink vmnic0 --ng", {"--ng", "-o FILE"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -o ''", {"empty file name"}));
}

TEST(PktcapOptions, EveryFilterIsParsed)
{
    auto o = PktcapOptions::Parse(
        "--uplink vmnic0 --proto 17 --ethtype 2048 --srcmac 00:50:56:9D:43:42 "
        "--dstmac 00:50:56:9d:fd:b1 --mac ff:ff:ff:ff:ff:ff --srcip 192.168.100.11 "
        "--dstip 192.168.100.12 --ip 10.0.0.1 --vlan 100 --srcport 0x50 --dstport 443 "
        "--tcpport 22 --vxlan 5001");
    const auto& f = o.GetFilter();
    EXPECT_EQ(*f.ipProto, 17);
    EXPECT_EQ(*f.etherType, 0x0800);
    EXPECT_EQ(*f.srcMac, Mac48Address("00:50:56:9d:43:42"));
    EXPECT_EQ(*f.dstMac, Mac48Address("00:50:56:9d:fd:b1"));
    EXPECT_EQ(*f.mac, Mac48Address::GetBroadcast());
    EXPECT_EQ(*f.srcIp, Ipv4Address("192.168.100.11"));
    EXPECT_EQ(*f.dstIp, Ipv4Address("192.168.100.12"));
    EXPECT_EQ(*f.ip, Ipv4Address("10.0.0.1"));
    EXPECT_EQ(*f.vlan, 100);
    EXPECT_EQ(*f.srcPort, 80);
    EXPECT_EQ(*f.dstPort, 443);
    EXPECT_EQ(*f.tcpPort, 22);
    EXPECT_EQ(*f.vxlan, 5001u);
    EXPECT_FALSE(f.IsEmpty());
    EXPECT_TRUE(PktcapOptions::Parse("--uplink vmnic0").GetFilter().IsEmpty());
}

TEST(PktcapOptions, QuotesAndInlineValuesAreHonoured)
{
    auto o = PktcapOptions::Parse("pktcap-uw --uplink=vmnic3 -c3 -o \"my dir/out \\\"1\\\".pcap\"");
    EXPECT_EQ(o.GetUplink(), "vmnic3");
    EXPECT_EQ(*o.GetCount(), 3u);
    EXPECT_EQ(o.GetOutFile(), "my dir/out \"1\".pcap");
    EXPECT_EQ(PktcapOptions::Parse("--uplink vmnic0 -o 'a b'\\ c.pcap").GetOutFile(), "a b c.pcap");
    EXPECT_EQ(PktcapOptions::Tokenize("  a  'b c'\"d\"  e\\ f "),
              (std::vector<std::string>{"a", "b cd", "e f"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -o 'x.pcap", {"unterminated ' quote"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 -o \"x.pcap", {"unterminated \" quote"}));
    EXPECT_TRUE(FailsWith("--uplink vmnic0 \\", {"backslash"}));
}

TEST(PktcapOptions, ToStringNormalizesTheOptions)
{
    auto o = PktcapOptions::Parse("  pktcap-uw   --switchport=50331657\t--dir 1  -c3 "
                                  "--capture  PortOutput -o 'a b.pcap' --ng");
    EXPECT_EQ(o.ToString(),
              "--switchport 50331657 --dir 1 -c 3 --capture PortOutput -o 'a b.pcap' --ng");
    EXPECT_EQ(o.GetCommandLine(),
              "  pktcap-uw   --switchport=50331657\t--dir 1  -c3 --capture  PortOutput -o "
              "'a b.pcap' --ng");
    EXPECT_EQ(PktcapOptions::Parse(o.ToString()).ToString(), o.ToString());
}

// Found by fuzz-pktcap-options (test/fuzz/regressions/pktcap-options/): a value attached to
// its option may begin with '-', and as the next word it would read as an option.
TEST(PktcapOptions, ToStringKeepsAValueThatReadsAsAnOptionAttached)
{
    auto o = PktcapOptions::Parse("--uplink vmnic5 -c5 -o-u666");
    EXPECT_EQ(o.GetOutFile(), "-u666");
    EXPECT_EQ(o.ToString(), "--uplink vmnic5 -c 5 -o-u666");
    EXPECT_EQ(PktcapOptions::Parse(o.ToString()).GetOutFile(), "-u666");
    auto l = PktcapOptions::Parse("--uplink vmnic0 --outfile='--x y'");
    EXPECT_EQ(l.ToString(), "--uplink vmnic0 --outfile='--x y'");
    EXPECT_EQ(PktcapOptions::Parse(l.ToString()).GetOutFile(), "--x y");
    // A value that cannot be read as an option stays the next word.
    EXPECT_EQ(PktcapOptions::Parse("--uplink vmnic0 -o-").ToString(), "--uplink vmnic0 -o -");
}

// Every input a fuzz target once failed on (test/fuzz/regressions/pktcap-options/), checked as
// fuzz-pktcap-options checks it: parsed, or refused with a "pktcap-uw: " ConfigError; parsed
// options resolve to points and their ToString() parses back to the same normalized form.
TEST(PktcapOptions, FuzzRegressions_EachKeptInputParsesOrFailsCleanlyAndRoundTrips)
{
    std::size_t inputs = 0;
    for (const auto& e : std::filesystem::directory_iterator(
             std::string(VSWITCH_SOURCE_DIR) + "/test/fuzz/regressions/pktcap-options"))
    {
        ++inputs;
        const std::string input = Slurp(e.path().string());
        SCOPED_TRACE(e.path().filename().string() + ": '" + input + "'");
        PktcapOptions o;
        try
        {
            o = PktcapOptions::Parse(input);
        }
        catch (const ConfigError& err)
        {
            EXPECT_EQ(std::string(err.what()).rfind("pktcap-uw: ", 0), 0u) << err.what();
            continue;
        }
        EXPECT_FALSE(o.ResolvePoints().empty());
        PktcapOptions again;
        ASSERT_NO_THROW(again = PktcapOptions::Parse(o.ToString())) << o.ToString();
        EXPECT_EQ(again.ToString(), o.ToString());
        EXPECT_EQ(again.GetOutFile(), o.GetOutFile());
    }
    EXPECT_GE(inputs, 1u);
}

TEST(PktcapOptions, DirNamesAsTheBannerPrintsThem)
{
    EXPECT_STREQ(PktcapDirName(PktcapOptions::Dir::Input), "Input");
    EXPECT_STREQ(PktcapDirName(PktcapOptions::Dir::Output), "Output");
    EXPECT_STREQ(PktcapDirName(PktcapOptions::Dir::InputAndOutput), "Input and Output");
}

// ---------------------------------------------------------------------------------------
// CaptureFilter: the session filters

TEST(CaptureFilter, NoFilterMatchesEverything)
{
    CaptureFilter none;
    EXPECT_TRUE(none.IsEmpty());
    EXPECT_TRUE(Match(none, Icmp()));
    EXPECT_TRUE(Match(none, Rarp(100)));
    EXPECT_TRUE(none.Matches(nullptr, 0, 0));
    EXPECT_TRUE(Filter("").IsEmpty());
}

TEST(CaptureFilter, ProtoMatchesIpProtocol)
{
    auto icmp = Filter("--proto 0x01");
    EXPECT_TRUE(Match(icmp, kSeedFrame));
    EXPECT_TRUE(Match(icmp, Icmp(100)));
    EXPECT_FALSE(Match(Filter("--proto 0x06"), kSeedFrame));
    EXPECT_FALSE(Match(icmp, Rarp()));
}

TEST(CaptureFilter, EthtypeMatchesTheTypeAfterTheTag)
{
    auto rarp = Filter("--ethtype 0x8035");
    EXPECT_TRUE(Match(rarp, Rarp()));
    EXPECT_TRUE(Match(rarp, Rarp(50)));
    EXPECT_FALSE(Match(rarp, Icmp()));
    EXPECT_FALSE(Match(rarp, Icmp(50)));
}

TEST(CaptureFilter, SrcmacAndDstmacMatchOneSideMacEither)
{
    const std::string a = kVmA;
    const std::string b = kVmB;
    EXPECT_TRUE(Match(Filter("--srcmac " + a), Icmp()));
    EXPECT_FALSE(Match(Filter("--srcmac " + b), Icmp()));
    EXPECT_TRUE(Match(Filter("--dstmac " + b), Icmp(100)));
    EXPECT_FALSE(Match(Filter("--dstmac " + a), Icmp(100)));
    EXPECT_TRUE(Match(Filter("--mac " + a), Icmp()));
    EXPECT_TRUE(Match(Filter("--mac " + b), Icmp()));
    EXPECT_FALSE(Match(Filter(std::string("--mac ") + kOther), Icmp()));
}

TEST(CaptureFilter, SrcipAndDstipMatchOneSideIpEither)
{
    EXPECT_TRUE(Match(Filter("--srcip 192.168.100.11"), kSeedFrame));
    EXPECT_FALSE(Match(Filter("--srcip 192.168.100.12"), kSeedFrame));
    EXPECT_TRUE(Match(Filter("--dstip 192.168.100.12"), Icmp(100)));
    EXPECT_FALSE(Match(Filter("--dstip 192.168.100.11"), Icmp(100)));
    EXPECT_TRUE(Match(Filter("--ip 192.168.100.11"), kSeedFrame));
    EXPECT_TRUE(Match(Filter("--ip 192.168.100.12"), kSeedFrame));
    EXPECT_FALSE(Match(Filter("--ip 192.168.100.13"), kSeedFrame));
    EXPECT_FALSE(Match(Filter("--ip 192.168.100.11"), Rarp()));
}

TEST(CaptureFilter, VlanMatchesTheTagInTheBytes)
{
    auto v100 = Filter("--vlan 100");
    EXPECT_TRUE(Match(v100, Icmp(100)));
    EXPECT_FALSE(Match(v100, Icmp(200)));
    EXPECT_FALSE(Match(v100, Icmp()));
}

TEST(CaptureFilter, VlanMatchesMetadataWhenBytesAreUntagged)
{
    auto v100 = Filter("--vlan 100");
    EXPECT_TRUE(Match(v100, Icmp(), 100));
    EXPECT_FALSE(Match(v100, Icmp(), 200));
    // A tag in the bytes wins over the metadata.
    EXPECT_FALSE(Match(v100, Icmp(200), 100));
    // --vlan 0 selects frames with no VLAN.
    EXPECT_TRUE(Match(Filter("--vlan 0"), Icmp(), 0));
    EXPECT_FALSE(Match(Filter("--vlan 0"), Icmp(), 100));
}

TEST(CaptureFilter, SrcportAndDstportMatchTcpOrUdp)
{
    auto tcp = Eth(kVmB, kVmA, 0x0800, Ip(6, "10.0.0.1", "10.0.0.2", Tcp(40000, 80)));
    auto udp = Eth(kVmB, kVmA, 0x0800, Ip(17, "10.0.0.1", "10.0.0.2", Udp(40000, 53)), 10);
    EXPECT_TRUE(Match(Filter("--srcport 40000"), tcp));
    EXPECT_TRUE(Match(Filter("--srcport 40000"), udp));
    EXPECT_TRUE(Match(Filter("--dstport 80"), tcp));
    EXPECT_TRUE(Match(Filter("--dstport 53"), udp));
    EXPECT_FALSE(Match(Filter("--dstport 40000"), tcp));
    EXPECT_FALSE(Match(Filter("--srcport 53"), udp));
    EXPECT_FALSE(Match(Filter("--srcport 0"), kSeedFrame)); // ICMP has no ports
}

TEST(CaptureFilter, TcpportMatchesEitherTcpPortOnly)
{
    auto tcp = Eth(kVmB, kVmA, 0x0800, Ip(6, "10.0.0.1", "10.0.0.2", Tcp(40000, 80)));
    auto udp = Eth(kVmB, kVmA, 0x0800, Ip(17, "10.0.0.1", "10.0.0.2", Udp(40000, 80)));
    EXPECT_TRUE(Match(Filter("--tcpport 80"), tcp));
    EXPECT_TRUE(Match(Filter("--tcpport 40000"), tcp));
    EXPECT_FALSE(Match(Filter("--tcpport 81"), tcp));
    EXPECT_FALSE(Match(Filter("--tcpport 80"), udp));
}

TEST(CaptureFilter, PortsFollowIhlAndNeedFirstFragment)
{
    auto withOptions = Eth(kVmB, kVmA, 0x0800, Ip(6, "10.0.0.1", "10.0.0.2", Tcp(1234, 80), 7));
    EXPECT_TRUE(Match(Filter("--dstport 80"), withOptions));
    EXPECT_TRUE(Match(Filter("--srcport 1234"), withOptions));
    auto laterFragment =
        Eth(kVmB, kVmA, 0x0800, Ip(6, "10.0.0.1", "10.0.0.2", Tcp(1234, 80), 5, 0x0010));
    EXPECT_FALSE(Match(Filter("--dstport 80"), laterFragment));
    EXPECT_TRUE(Match(Filter("--proto 6"), laterFragment));
}

TEST(CaptureFilter, VxlanMatchesVniOnPort4789Or8472)
{
    auto inner = Icmp();
    auto vxlan = [&](uint16_t port, uint32_t vni, int vlan) {
        return Eth(kVmB,
                   kVmA,
                   0x0800,
                   Ip(17, "172.16.0.1", "172.16.0.2", Udp(50000, port, Vxlan(vni, inner))),
                   vlan);
    };
    auto f = Filter("--vxlan 5001");
    EXPECT_TRUE(Match(f, vxlan(4789, 5001, -1)));
    EXPECT_TRUE(Match(f, vxlan(8472, 5001, 20)));
    EXPECT_FALSE(Match(f, vxlan(4789, 5002, -1)));
    EXPECT_FALSE(Match(f, vxlan(4790, 5001, -1)));
    EXPECT_FALSE(Match(f, inner));
    EXPECT_TRUE(Match(Filter("--vxlan 0xffffff"), vxlan(4789, 0xffffff, -1)));
}

TEST(CaptureFilter, FiltersCombineWithAnd)
{
    auto f = Filter("--proto 0x01 --vlan 100 --srcip 192.168.100.11");
    EXPECT_TRUE(Match(f, Icmp(100)));
    EXPECT_TRUE(Match(f, kSeedFrame, 100));
    EXPECT_FALSE(Match(f, kSeedFrame, 0));
    EXPECT_FALSE(Match(f, Icmp(101)));
    EXPECT_FALSE(Match(Filter("--proto 0x01 --dstip 192.168.100.11"), kSeedFrame));
}

TEST(CaptureFilter, TruncatedFramesDoNotMatchFiltersBeyondThem)
{
    auto f = Filter("--proto 0x01");
    EXPECT_FALSE(f.Matches(kSeedFrame.data(), 14 + 19, 0));
    EXPECT_TRUE(f.Matches(kSeedFrame.data(), 14 + 20, 0));
    EXPECT_FALSE(Filter("--ethtype 0x0800").Matches(kSeedFrame.data(), 13, 0));
    auto tagged = Icmp(100);
    EXPECT_FALSE(Filter("--vlan 100").Matches(tagged.data(), 17, 0));
    EXPECT_FALSE(Filter("--srcport 1").Matches(kSeedFrame.data(), 34, 0));
}

TEST(CaptureFilter, PacketOverloadMatchesLikeBytes)
{
    auto f = Filter("--proto 0x01 --vlan 100");
    EXPECT_TRUE(f.Matches(ToPacket(Tagged(kSeedFrame, 100)), 0));
    EXPECT_TRUE(f.Matches(ToPacket(kSeedFrame), 100));
    EXPECT_FALSE(f.Matches(ToPacket(kSeedFrame), 0));
    auto vxlan = Eth(kVmB,
                     kVmA,
                     0x0800,
                     Ip(17, "172.16.0.1", "172.16.0.2", Udp(1, 4789, Vxlan(7, kSeedFrame)), 15),
                     4094);
    EXPECT_TRUE(Filter("--vxlan 7").Matches(ToPacket(vxlan), 0));
}

// ---------------------------------------------------------------------------------------
// CaptureBytes and CaptureFileWriter

class CaptureFile : public SimulationTest
{
};

TEST_F(CaptureFile, CaptureBytesInsertsTagFromVlanMetadata)
{
    EXPECT_EQ(CaptureBytes(ToPacket(kSeedFrame), 100, true), Tagged(kSeedFrame, 100));
    EXPECT_EQ(CaptureBytes(ToPacket(kSeedFrame), 4095, true), Tagged(kSeedFrame, 4095));
    EXPECT_EQ(CaptureBytes(ToPacket(kSeedFrame), 0, true), kSeedFrame);
    // Already tagged: left as it is, even when the metadata differs.
    EXPECT_EQ(CaptureBytes(ToPacket(Tagged(kSeedFrame, 50)), 100, true), Tagged(kSeedFrame, 50));
}

// Spec section 8: the port group's VLAN is metadata at the vSwitch's points (removed from the
// bytes); only a guest-tagged frame, which the switch associates with no VLAN, keeps its tag.
TEST_F(CaptureFile, CaptureBytesRemovesMetadataTagKeepsGuestTag)
{
    EXPECT_EQ(CaptureBytes(ToPacket(Tagged(kSeedFrame, 100)), 100, false), kSeedFrame);
    EXPECT_EQ(CaptureBytes(ToPacket(kSeedFrame), 100, false), kSeedFrame);
    EXPECT_EQ(CaptureBytes(ToPacket(Tagged(kSeedFrame, 100)), 0, false), Tagged(kSeedFrame, 100))
        << "a guest's own tag (VLAN 4095 port group) is frame bytes";
    EXPECT_EQ(CaptureBytes(ToPacket(Tagged(kSeedFrame, 100)), 0, true), Tagged(kSeedFrame, 100));
}

TEST_F(CaptureFile, PcapReadsBackWithNs3Reader)
{
    std::string file = OutputDir() + "/frames.pcap";
    {
        CaptureFileWriter w;
        w.Open(file, false, 65535);
        EXPECT_TRUE(w.IsOpen());
        w.Write(Seconds(1.5), CaptureBytes(ToPacket(kSeedFrame), 100, true), 102);
        w.Write(MicroSeconds(2000001), Rarp(), 46, "ignored in classic pcap");
        EXPECT_EQ(w.GetFramesWritten(), 2u);
        EXPECT_EQ(w.GetPath(), file);
    } // the destructor closes
    uint32_t linkType = 0;
    auto records = ReadPcap(file, &linkType);
    EXPECT_EQ(linkType, 1u);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_DOUBLE_EQ(records[0].time, 1.5);
    EXPECT_NEAR(records[1].time, 2.000001, 1e-9);
    EXPECT_EQ(records[0].data, Tagged(kSeedFrame, 100));
    EXPECT_EQ(records[1].data, Rarp());
}

TEST_F(CaptureFile, PcapSnaplenTruncatesAndKeepsOriginalLength)
{
    std::string file = OutputDir() + "/snap.pcap";
    CaptureFileWriter w;
    w.Open(file, false, 64);
    w.Write(Seconds(1), kSeedFrame, 98);
    w.Write(Seconds(2), kSeedFrame, 50); // raised to the 98 bytes given
    w.Close();
    w.Close(); // idempotent
    EXPECT_FALSE(w.IsOpen());

    PcapFile pcap;
    pcap.Open(file, std::ios::in);
    ASSERT_FALSE(pcap.Fail());
    EXPECT_EQ(pcap.GetSnapLen(), 64u);
    EXPECT_EQ(pcap.GetMagic(), 0xa1b2c3d4u);
    std::vector<uint8_t> buf(65536);
    for (int i = 0; i < 2; ++i)
    {
        uint32_t sec = 0;
        uint32_t usec = 0;
        uint32_t incl = 0;
        uint32_t orig = 0;
        uint32_t read = 0;
        pcap.Read(buf.data(), buf.size(), sec, usec, incl, orig, read);
        ASSERT_FALSE(pcap.Fail());
        EXPECT_EQ(incl, 64u);
        EXPECT_EQ(orig, 98u);
        EXPECT_EQ(std::vector<uint8_t>(buf.begin(), buf.begin() + read),
                  std::vector<uint8_t>(kSeedFrame.begin(), kSeedFrame.begin() + 64));
    }
    pcap.Close();
}

TEST_F(CaptureFile, TsharkShowsVlanIdOfTagFromMetadata)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    std::string file = OutputDir() + "/vlan.pcap";
    CaptureFileWriter w;
    w.Open(file, false, PktcapOptions::kDefaultSnaplen);
    auto bytes = CaptureBytes(ToPacket(kSeedFrame), 100, true);
    w.Write(Seconds(1), bytes, static_cast<uint32_t>(bytes.size()));
    w.Close();
    auto lines = Tshark(file, "-T fields -e vlan.id -e ip.src -e ip.dst -e icmp.type");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "100\t192.168.100.11\t192.168.100.12\t0");
}

TEST_F(CaptureFile, PcapngDecodesWithTsharkWithVlanAndComment)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    std::string file = OutputDir() + "/frames.pcapng";
    CaptureFileWriter w;
    w.Open(file, true, PktcapOptions::kDefaultSnaplen);
    auto tagged = CaptureBytes(ToPacket(kSeedFrame), 100, true);
    w.Write(Seconds(1), tagged, static_cast<uint32_t>(tagged.size()), "EtherswitchDispath vmnic2");
    w.Write(Seconds(2), Rarp(), 60); // no comment; odd sizes exercise the padding
    auto odd = Icmp(7);
    odd.push_back(0xab);
    w.Write(MicroSeconds(3000003), odd, static_cast<uint32_t>(odd.size()), "x");
    w.Close();

    auto lines = Tshark(file, "-T fields -e vlan.id -e frame.comment");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "100\tEtherswitchDispath vmnic2");
    EXPECT_EQ(lines[1], "\t");
    EXPECT_EQ(lines[2], "7\tx");
    auto meta = Tshark(file, "-T fields -e frame.time_epoch -e frame.len -e frame.cap_len");
    ASSERT_EQ(meta.size(), 3u);
    EXPECT_EQ(meta[1], "2.000000000\t60\t42");
    EXPECT_EQ(meta[2].substr(0, 11), "3.000003000");
    auto encap = Tshark(file, "-T fields -e frame.encap_type");
    ASSERT_EQ(encap.size(), 3u);
    EXPECT_EQ(encap[0], "1"); // Ethernet
}

TEST_F(CaptureFile, PcapngSnaplenTruncates)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    std::string file = OutputDir() + "/snap.pcapng";
    CaptureFileWriter w;
    w.Open(file, true, 30);
    w.Write(Seconds(1), kSeedFrame, 98, "c");
    w.Close();
    auto lines = Tshark(file, "-T fields -e frame.len -e frame.cap_len -e frame.comment");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "98\t30\tc");
}

TEST_F(CaptureFile, OpenFailureIsConfigErrorNamingPath)
{
    std::string file = OutputDir() + "/no-such-folder/out.pcap";
    CaptureFileWriter w;
    try
    {
        w.Open(file, false, 65535);
        FAIL() << "opened " << file;
    }
    catch (const ConfigError& e)
    {
        EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
    }
    EXPECT_FALSE(w.IsOpen());
    w.Close();
    EXPECT_THROW(w.Open(OutputDir() + "/x.pcap", false, 0), ConfigError);
}

TEST_F(CaptureFile, ReopenClosesThePreviousFile)
{
    std::string dir = OutputDir();
    CaptureFileWriter w;
    w.Open(dir + "/a.pcap", false, 65535);
    w.Write(Seconds(1), kSeedFrame, 98);
    w.Open(dir + "/b.pcap", false, 65535);
    EXPECT_EQ(w.GetFramesWritten(), 0u);
    w.Write(Seconds(1), Rarp(), 60);
    w.Write(Seconds(2), Rarp(), 60);
    w.Close();
    EXPECT_EQ(ReadPcap(dir + "/a.pcap").size(), 1u);
    EXPECT_EQ(ReadPcap(dir + "/b.pcap").size(), 2u);
}

// ---------------------------------------------------------------------------------------
// PktcapConsole: the seeds' console format

/// Seed 0, `pktcap-uw --uplink vmnic2 -c 3 --proto 0x01`, first frame, line by line.
const char* const kSeedFrameText =
    "16:13:16.471308[1] Captured at EtherswitchDispath point, TSO not enabled, Checksum not "
    "offloaded and not verified, VLAN tag 100, length 98.\n"
    "Segment[0] ---- 98 bytes:\n"
    "0x0000: 0050 569d fdb1 0050 569d 4342 0800 4500\n"
    "0x0010: 0054 15e5 0000 4001 1b5c c0a8 640b c0a8\n"
    "0x0020: 640c 0000 b9f4 0d1d 019f 9ced ae5e 0000\n"
    "0x0030: 0000 2630 0700 0000 0000 1011 1213 1415\n"
    "0x0040: 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425\n"
    "0x0050: 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435\n"
    "0x0060: 3637\n";

/// The time of day of the seed's first frame, as a base plus a simulation time.
Time
SeedBase()
{
    return Hours(16) + Minutes(13) + Seconds(16);
}

TEST(PktcapConsole, FrameLineMatchesSeedLayout)
{
    PktcapConsole console;
    console.SetBaseTime(SeedBase());
    // The frame arrives tagged on the trunk; the console dumps it without the tag.
    auto bytes = CaptureBytes(ToPacket(Tagged(kSeedFrame, 100)), 100, false);
    std::ostringstream os;
    console.FormatFrame(os,
                        MicroSeconds(471308),
                        1,
                        CapturePoint::EtherswitchDispatch,
                        100,
                        DropReason::Count,
                        bytes,
                        static_cast<uint32_t>(bytes.size()));
    EXPECT_EQ(os.str(), kSeedFrameText);
}

TEST(PktcapConsole, FrameFromCaptureContextMatchesSeedLayout)
{
    PktcapConsole console;
    console.SetBaseTime(SeedBase());
    CaptureContext where;
    where.point = CapturePoint::EtherswitchDispatch;
    where.uplink = true;
    where.vlan = 100;
    std::ostringstream os;
    console.FormatFrame(os, MicroSeconds(471308), 1, where, kSeedFrame, 98);
    EXPECT_EQ(os.str(), kSeedFrameText);
}

TEST(PktcapConsole, FrameLineOmitsVlanTagWhenZero)
{
    // Seed 0, `--capture VnicRx`: the frame is handed to the vNIC untagged.
    PktcapConsole console;
    std::ostringstream os;
    console.FormatFrame(os,
                        Hours(16) + Minutes(12) + Seconds(53) + MicroSeconds(943341),
                        1,
                        CapturePoint::VnicRx,
                        0,
                        DropReason::Count,
                        kSeedFrame,
                        98);
    std::string text = os.str();
    EXPECT_EQ(text.substr(0, text.find('\n')),
              "16:12:53.943341[1] Captured at VnicRx point, TSO not enabled, Checksum not "
              "offloaded and not verified, length 98.");
}

TEST(PktcapConsole, DropFrameNamesTheReason)
{
    PktcapConsole console;
    std::ostringstream os;
    console.FormatFrame(os,
                        Seconds(1),
                        4,
                        CapturePoint::Drop,
                        100,
                        DropReason::ReverseTeaming,
                        kSeedFrame,
                        98);
    std::string text = os.str();
    EXPECT_EQ(text.substr(0, text.find('\n')),
              "00:00:01.000000[4] Captured at Drop point, Drop Reason 'reverse-teaming', TSO not "
              "enabled, Checksum not offloaded and not verified, VLAN tag 100, length 98.");
}

TEST(PktcapConsole, SegmentLineCountsDumpedBytesAndFrameLineTheLength)
{
    PktcapConsole console;
    std::ostringstream os;
    std::vector<uint8_t> snap(kSeedFrame.begin(), kSeedFrame.begin() + 17);
    console.FormatFrame(os, Seconds(0), 1, CapturePoint::PortInput, 0, DropReason::Count, snap, 98);
    EXPECT_EQ(os.str(),
              "00:00:00.000000[1] Captured at PortInput point, TSO not enabled, Checksum not "
              "offloaded and not verified, length 98.\n"
              "Segment[0] ---- 17 bytes:\n"
              "0x0000: 0050 569d fdb1 0050 569d 4342 0800 4500\n"
              "0x0010: 00\n");
}

TEST(PktcapConsole, HexDumpRowsOfSixteenBytes)
{
    std::ostringstream os;
    std::vector<uint8_t> bytes(35);
    for (std::size_t i = 0; i < bytes.size(); ++i)
    {
        bytes[i] = static_cast<uint8_t>(i * 7);
    }
    PktcapConsole::HexDump(os, bytes.data(), bytes.size());
    EXPECT_EQ(os.str(),
              "0x0000: 0007 0e15 1c23 2a31 383f 464d 545b 6269\n"
              "0x0010: 7077 7e85 8c93 9aa1 a8af b6bd c4cb d2d9\n"
              "0x0020: e0e7 ee\n");
    std::ostringstream empty;
    PktcapConsole::HexDump(empty, nullptr, 0);
    EXPECT_EQ(empty.str(), "");
}

TEST(PktcapConsole, BannerMatchesSeedUplinkSession)
{
    PktcapConsole console;
    EXPECT_EQ(console.Banner(PktcapOptions::Parse("--uplink vmnic2 -c 3 --proto 0x01")),
              "The name of the uplink is vmnic2\n"
              "To capture 3 packets\n"
              "The session filter IP protocol is 0x01\n"
              "No server port specifed, select 65440 as the port\n"
              "Output the packet info to console.\n"
              "Local CID 2\n"
              "Listen on port 65440\n"
              "Accept...Vsock connection from port 1062 cid 2\n");
}

TEST(PktcapConsole, BannerMatchesSeedSwitchportSession)
{
    PktcapConsole console;
    console.SetSessionNumbers(65434, 1060, 36);
    EXPECT_EQ(console.Banner(PktcapOptions::Parse(
                  "--switchport 50331657 --dir 1 -c 3 --proto 0x01 --capture PortOutput")),
              "The switch port id is 0x03000009\n"
              "The dir is Output\n"
              "To capture 3 packets\n"
              "The session filter IP protocol is 0x01\n"
              "The session capture point is PortOutput\n"
              "No server port specifed, select 65434 as the port\n"
              "Output the packet info to console.\n"
              "Local CID 2\n"
              "Listen on port 65434\n"
              "Accept...Vsock connection from port 1060 cid 2\n");
}

TEST(PktcapConsole, BannerPrintsDirOnlyWhenGiven)
{
    PktcapConsole console;
    std::string noDir = console.Banner(PktcapOptions::Parse("--uplink vmnic0"));
    EXPECT_EQ(noDir.find("The dir is"), std::string::npos);
    EXPECT_NE(
        console.Banner(PktcapOptions::Parse("--uplink vmnic0 --dir 0")).find("The dir is Input\n"),
        std::string::npos);
    EXPECT_NE(console.Banner(PktcapOptions::Parse("--uplink vmnic0 --dir inputAndOutput"))
                  .find("The dir is Input and Output\n"),
              std::string::npos);
}

TEST(PktcapConsole, BannerPrintsRealSpellingOfAliases)
{
    PktcapConsole console;
    std::string banner = console.Banner(
        PktcapOptions::Parse("--switchport 0x03000009 --capture EtherswitchDispatch,Vmxnet3Rx"));
    EXPECT_NE(banner.find("The session capture point is EtherswitchDispath,VnicRx\n"),
              std::string::npos)
        << banner;
}

TEST(PktcapConsole, BannerNamesTheVmk)
{
    PktcapConsole console;
    std::string banner = console.Banner(PktcapOptions::Parse("--vmk vmk1"));
    EXPECT_EQ(banner.substr(0, banner.find('\n')), "The name of the vmk is vmk1");
}

TEST(PktcapConsole, BannerNamesEveryFilter)
{
    PktcapConsole console;
    std::string banner = console.Banner(PktcapOptions::Parse(
        "--uplink vmnic0 -s 128 --proto 17 --ethtype 0x800 --srcmac 00:50:56:9D:43:42 "
        "--dstmac 00:50:56:9d:fd:b1 --mac ff:ff:ff:ff:ff:ff --srcip 192.168.100.11 "
        "--dstip 192.168.100.12 --ip 10.0.0.1 --vlan 100 --srcport 80 --dstport 443 "
        "--tcpport 22 --vxlan 5001"));
    EXPECT_EQ(banner,
              "The name of the uplink is vmnic0\n"
              "The snapshot length is 128\n"
              "The session filter ethertype is 0x0800\n"
              "The session filter source MAC is 00:50:56:9d:43:42\n"
              "The session filter destination MAC is 00:50:56:9d:fd:b1\n"
              "The session filter MAC is ff:ff:ff:ff:ff:ff\n"
              "The session filter source IP is 192.168.100.11\n"
              "The session filter destination IP is 192.168.100.12\n"
              "The session filter IP is 10.0.0.1\n"
              "The session filter IP protocol is 0x11\n"
              "The session filter VLAN ID is 100\n"
              "The session filter source port is 80\n"
              "The session filter destination port is 443\n"
              "The session filter TCP port is 22\n"
              "The session filter VXLAN ID is 5001\n"
              "No server port specifed, select 65440 as the port\n"
              "Output the packet info to console.\n"
              "Local CID 2\n"
              "Listen on port 65440\n"
              "Accept...Vsock connection from port 1062 cid 2\n");
}

TEST(PktcapConsole, BannerWithOutfileNamesTheFileInsteadOfConsole)
{
    // Seed 1's command.
    PktcapConsole console;
    auto options = PktcapOptions::Parse("--uplink vmnic0 --ethtype 0x8035 "
                                        "-o /vmfs/volumes/datastore1/test.pcap");
    EXPECT_EQ(console.Banner(options),
              "The name of the uplink is vmnic0\n"
              "The session filter ethertype is 0x8035\n"
              "The output file is /vmfs/volumes/datastore1/test.pcap\n"
              "No server port specifed, select 65440 as the port\n"
              "Local CID 2\n"
              "Listen on port 65440\n"
              "Accept...Vsock connection from port 1062 cid 2\n");
    EXPECT_EQ(console.Trailer(options, 11),
              "Dump thread exiting...\n"
              "Destroying session 38\n"
              "Dumped 11 packet to file /vmfs/volumes/datastore1/test.pcap, dropped 0 packets.\n"
              "Done.\n");
    auto ng = PktcapOptions::Parse("--uplink vmnic0 -o x.pcapng --ng");
    EXPECT_NE(console.Banner(ng).find("The output file is x.pcapng\n"
                                      "The output file format is pcapng\n"),
              std::string::npos);
}

TEST(PktcapConsole, TrailerMatchesSeed)
{
    PktcapConsole console;
    auto options = PktcapOptions::Parse("--uplink vmnic2 -c 3 --proto 0x01");
    EXPECT_EQ(console.Trailer(options, 3),
              "Dump thread exiting...\n"
              "Destroying session 38\n"
              "Dumped 3 packet to console, dropped 0 packets.\n"
              "Done.\n");
    console.SetSessionNumbers(65444, 1063, 39);
    EXPECT_EQ(console.Trailer(options, 3, 2),
              "Dump thread exiting...\n"
              "Destroying session 39\n"
              "Dumped 3 packet to console, dropped 2 packets.\n"
              "Done.\n");
}

TEST(PktcapConsole, TimeIsBasePlusSimulationTimeWrappingAt24Hours)
{
    PktcapConsole console;
    EXPECT_EQ(console.FormatTime(Seconds(0)), "00:00:00.000000");
    EXPECT_EQ(console.FormatTime(NanoSeconds(1999)), "00:00:00.000001");
    EXPECT_EQ(console.FormatTime(Hours(25) + MicroSeconds(5)), "01:00:00.000005");
    console.SetBaseTime(SeedBase());
    EXPECT_EQ(console.GetBaseTime(), SeedBase());
    EXPECT_EQ(console.FormatTime(Seconds(2) + MicroSeconds(519323)), "16:13:18.519323");
    EXPECT_EQ(console.FormatTime(Hours(8)), "00:13:16.000000");
    console.SetBaseTime(Seconds(-10));
    EXPECT_EQ(console.FormatTime(Seconds(1)), "00:00:00.000000");
}

TEST(PktcapConsole, SeedSessionFromOptionsToTrailer)
{
    // The whole of seed 0's second session (vmnic3), except the "Receive thread exiting..."
    // line the real tool prints from another thread.
    PktcapConsole console;
    console.SetSessionNumbers(65444, 1063, 39);
    console.SetBaseTime(Hours(16) + Minutes(13) + Seconds(26));
    auto options = PktcapOptions::Parse("pktcap-uw --uplink vmnic3 -c 3 --proto 0x01");
    CaptureFilter filter(options);
    std::ostringstream os;
    os << console.Banner(options);
    auto frame = Hex("0050 569d fdb1 0050 569d 4342 0800 4500 0054 19df 0000 4001 1762 c0a8 640b"
                     "c0a8 640c 0000 2241 0d1d 01a9 a6ed ae5e 0000 0000 b0d9 0a00 0000 0000 1011"
                     "1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
                     "3031 3233 3435 3637");
    Ptr<Packet> onTrunk = ToPacket(Tagged(frame, 100));
    ASSERT_TRUE(filter.Matches(onTrunk, 0));
    ASSERT_FALSE(filter.Matches(ToPacket(Tagged(Rarp(), 100)), 0));
    auto bytes = CaptureBytes(onTrunk, 100, false);
    console.FormatFrame(os,
                        MicroSeconds(711366),
                        1,
                        options.ResolvePoints().front(),
                        100,
                        DropReason::Count,
                        bytes,
                        static_cast<uint32_t>(bytes.size()));
    os << console.Trailer(options, 1);
    EXPECT_EQ(os.str(),
              "The name of the uplink is vmnic3\n"
              "To capture 3 packets\n"
              "The session filter IP protocol is 0x01\n"
              "No server port specifed, select 65444 as the port\n"
              "Output the packet info to console.\n"
              "Local CID 2\n"
              "Listen on port 65444\n"
              "Accept...Vsock connection from port 1063 cid 2\n"
              "16:13:26.711366[1] Captured at EtherswitchDispath point, TSO not enabled, Checksum "
              "not offloaded and not verified, VLAN tag 100, length 98.\n"
              "Segment[0] ---- 98 bytes:\n"
              "0x0000: 0050 569d fdb1 0050 569d 4342 0800 4500\n"
              "0x0010: 0054 19df 0000 4001 1762 c0a8 640b c0a8\n"
              "0x0020: 640c 0000 2241 0d1d 01a9 a6ed ae5e 0000\n"
              "0x0030: 0000 b0d9 0a00 0000 0000 1011 1213 1415\n"
              "0x0040: 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425\n"
              "0x0050: 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435\n"
              "0x0060: 3637\n"
              "Dump thread exiting...\n"
              "Destroying session 39\n"
              "Dumped 1 packet to console, dropped 0 packets.\n"
              "Done.\n");
}

} // namespace
