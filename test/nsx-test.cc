/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec section 9, NSX over VXLAN: the VXLAN header (VxlanHeader, RFC 7348) and Linux's own
 * VXLAN driver as the reference VTEP (linux-vxlan-peer.h). Each test is named after the rule
 * it holds.
 */
#include "linux-vxlan-peer.h"
#include "test-util.h"

#include "ns3/vxlan-header.h"

#include <iomanip>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// The bytes of a header serialised on its own.
std::vector<uint8_t>
BytesOf(const Header& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    return vswitchtest::BytesOf(p);
}

using vswitchtest::BytesOf; // and the packet overload from test-util

/// A header deserialised from bytes.
VxlanHeader
VxlanFrom(const std::vector<uint8_t>& bytes)
{
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    VxlanHeader h;
    EXPECT_EQ(p->RemoveHeader(h), VxlanHeader::kSize);
    return h;
}

/// Bytes as "08 00 00 00 ..." for failure messages.
std::string
Hex(const std::vector<uint8_t>& b)
{
    std::ostringstream os;
    for (size_t i = 0; i < b.size(); ++i)
    {
        os << (i ? (i % 16 ? " " : "\n") : "") << std::hex << std::setw(2) << std::setfill('0')
           << unsigned(b[i]);
    }
    return os.str();
}



/**
 * The inner frame of the tests: an ICMP echo request between two VMs, 00:50:56:aa:00:01
 * 192.168.50.1 to 00:50:56:aa:00:02 192.168.50.2, with 56 bytes of patterned data.
 */
std::vector<uint8_t>
InnerFrame()
{
    std::vector<uint8_t> data(56);
    for (size_t i = 0; i < data.size(); ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Ptr<Packet> p = Create<Packet>(data.data(), data.size());
    Icmpv4Echo echo;
    echo.SetIdentifier(0x1234);
    echo.SetSequenceNumber(1);
    p->AddHeader(echo);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.EnableChecksum();
    p->AddHeader(icmp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("192.168.50.1"));
    ip.SetDestination(Ipv4Address("192.168.50.2"));
    ip.SetProtocol(1);
    ip.SetTtl(64);
    ip.SetIdentification(7);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    EthernetHeader eth;
    eth.SetSource(Mac48Address("00:50:56:aa:00:01"));
    eth.SetDestination(Mac48Address("00:50:56:aa:00:02"));
    eth.SetLengthType(0x0800);
    p->AddHeader(eth);
    return BytesOf(p);
}

/**
 * An outer VXLAN packet built with ns-3's headers and VxlanHeader, as the spec says a VTEP
 * sends it: from t.remote* to t.local* (towards the Linux VTEP), DF, TTL 64, UDP checksum 0.
 */
std::vector<uint8_t>
OuterPacket(const std::vector<uint8_t>& inner,
            const LinuxVxlanTunnel& t,
            const VxlanHeader& vxlan,
            uint16_t srcPort = 49152,
            uint16_t identification = 0)
{
    Ptr<Packet> p = Create<Packet>(inner.data(), inner.size());
    p->AddHeader(vxlan);
    UdpHeader udp;
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(t.dstPort);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(t.remoteIp);
    ip.SetDestination(t.localIp);
    ip.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    ip.SetTtl(64);
    ip.SetDontFragment();
    ip.SetIdentification(identification);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    EthernetHeader eth;
    eth.SetSource(t.remoteMac);
    eth.SetDestination(t.localMac);
    eth.SetLengthType(0x0800);
    p->AddHeader(eth);
    return BytesOf(p);
}

/// Byte offsets in an untagged Ethernet/IPv4 (no options)/UDP packet.
constexpr size_t kIpId = 14 + 4;
constexpr size_t kUdpSrcPort = 14 + 20;
constexpr size_t kUdpChecksum = 14 + 20 + 6;
constexpr size_t kVxlan = 14 + 20 + 8;


class VxlanHeaderTest : public SimulationTest
{
};

class LinuxVxlanPeerTest : public SimulationTest
{
};

} // namespace

// RFC 7348 section 5: flags byte 0x08 (I), 24 reserved bits, 24-bit VNI, 8 reserved bits; 8
// bytes in network byte order.
TEST_F(VxlanHeaderTest, SerializesRfc7348Layout_FlagsIThenVniInBytesFourToSix)
{
    EXPECT_EQ(BytesOf(VxlanHeader(5001)),
              (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
    EXPECT_EQ(BytesOf(VxlanHeader(0x123456)),
              (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x00}));
    EXPECT_EQ(BytesOf(VxlanHeader(VxlanHeader::kMaxVni)),
              (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00}));
    VxlanHeader h;
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    EXPECT_EQ(h.GetVni(), 0u);
    EXPECT_TRUE(h.IsValid());
    EXPECT_FALSE(h.GetReplicate());
    EXPECT_EQ(VxlanHeader::GetTypeId().GetName(), "ns3::VxlanHeader");
    EXPECT_EQ(h.GetInstanceTypeId(), VxlanHeader::GetTypeId());
}

// What is serialised is what is deserialised: VNI, I flag and replicate flag.
TEST_F(VxlanHeaderTest, RoundTrip_KeepsVniAndFlags)
{
    for (uint32_t vni : {0u, 1u, 5001u, 0x800000u, VxlanHeader::kMaxVni})
    {
        for (bool replicate : {false, true})
        {
            VxlanHeader sent(vni);
            sent.SetReplicate(replicate);
            VxlanHeader got = VxlanFrom(BytesOf(sent));
            EXPECT_EQ(got.GetVni(), vni);
            EXPECT_EQ(got.GetReplicate(), replicate) << "vni " << vni;
            EXPECT_TRUE(got.IsValid());
            EXPECT_EQ(got.GetFlags(), sent.GetFlags());
        }
    }
}

// The replicate-locally flag is bit 0x40 of the flags byte (this project's choice); setting
// it changes that bit only, and clearing it restores the plain header.
TEST_F(VxlanHeaderTest, ReplicateFlag_IsBit0x40OfTheFlagsByteAndNothingElse)
{
    VxlanHeader h(5001);
    h.SetReplicate(true);
    EXPECT_TRUE(h.GetReplicate());
    EXPECT_EQ(VxlanHeader::kFlagReplicate, 0x40);
    EXPECT_EQ(BytesOf(h), (std::vector<uint8_t>{0x48, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
    h.SetReplicate(false);
    EXPECT_FALSE(h.GetReplicate());
    EXPECT_EQ(BytesOf(h), (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
    std::ostringstream os;
    h.SetReplicate(true);
    h.Print(os);
    EXPECT_EQ(os.str(), "VXLAN flags 0x48 vni 5001 replicate-locally");
}

// A VNI has 24 bits: 0..16777215 are accepted, anything larger is a ConfigError naming the
// value, and a refused value leaves the header as it was.
TEST_F(VxlanHeaderTest, VniBounds_Above24BitsIsAConfigError)
{
    VxlanHeader h(7);
    EXPECT_NO_THROW(h.SetVni(VxlanHeader::kMaxVni));
    EXPECT_EQ(h.GetVni(), 16777215u);
    std::string error = ErrorOf([&] { h.SetVni(16777216); });
    EXPECT_NE(error.find("16777216"), std::string::npos) << error;
    EXPECT_NE(error.find("24 bits"), std::string::npos) << error;
    EXPECT_EQ(h.GetVni(), VxlanHeader::kMaxVni);
    EXPECT_THROW(VxlanHeader(0xffffffff), ConfigError);
    EXPECT_NO_THROW(h.SetVni(0));
}

// On receipt the I flag says whether the VNI is valid; a header without it is not.
TEST_F(VxlanHeaderTest, Deserialize_IFlagClearIsNotValid)
{
    VxlanHeader h = VxlanFrom({0x00, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00});
    EXPECT_FALSE(h.IsValid());
    EXPECT_EQ(h.GetVni(), 5001u);
    std::ostringstream os;
    h.Print(os);
    EXPECT_NE(os.str().find("I flag clear"), std::string::npos) << os.str();
    EXPECT_TRUE(VxlanFrom({0x08, 0, 0, 0, 0, 0x13, 0x89, 0}).IsValid());
}

// RFC 7348: reserved bits are ignored on receipt and sent as zero; only I, replicate and
// proxied are read from the flags byte.
TEST_F(VxlanHeaderTest, Deserialize_IgnoresReservedBitsAndResendsThemAsZero)
{
    VxlanHeader h = VxlanFrom({0x9f, 0xff, 0xff, 0xff, 0x00, 0x13, 0x89, 0xff});
    EXPECT_TRUE(h.IsValid());
    EXPECT_FALSE(h.GetReplicate());
    EXPECT_FALSE(h.GetProxied());
    EXPECT_EQ(h.GetVni(), 5001u);
    EXPECT_EQ(BytesOf(h), (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
    EXPECT_TRUE(VxlanFrom({0x48, 0, 0, 0, 0, 0, 1, 0}).GetReplicate());
    EXPECT_TRUE(VxlanFrom({0x28, 0, 0, 0, 0, 0, 1, 0}).GetProxied());
}

// A proxy's copy (UTEP/MTEP replication in its own segment) is marked with bit 0x20 of the
// flags byte (this project's choice), and only that bit.
TEST_F(VxlanHeaderTest, ProxiedFlag_IsBit0x20OfTheFlagsByte)
{
    VxlanHeader h(5001);
    h.SetProxied(true);
    EXPECT_EQ(BytesOf(h), (std::vector<uint8_t>{0x28, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
    EXPECT_FALSE(h.GetReplicate());
    h.SetProxied(false);
    EXPECT_EQ(BytesOf(h), (std::vector<uint8_t>{0x08, 0x00, 0x00, 0x00, 0x00, 0x13, 0x89, 0x00}));
}

// Wireshark decodes our packet on UDP 4789 as VXLAN with the VNI and the inner frame, and
// shows the replicate bit as a reserved flag (0x4000 of its 16-bit flags field).
TEST_F(VxlanHeaderTest, Tshark_DecodesUdp4789AsVxlanWithTheVniAndTheInnerFrame)
{
    ASSERT_TRUE(HaveTshark()) << "tshark is needed to check pcaps (apt-get install tshark)";
    LinuxVxlanTunnel t;
    std::vector<uint8_t> inner = InnerFrame();
    VxlanHeader marked(5001);
    marked.SetReplicate(true);
    std::string file = OutputDir() + "/vxlan.pcap";
    ASSERT_TRUE(WriteEthernetPcap(file, {OuterPacket(inner, t, VxlanHeader(5001)), OuterPacket(inner, t, marked)}));
    auto lines = Tshark(file,
                        "-T fields -E separator=/s -e udp.dstport -e vxlan.flag_i -e vxlan.vni "
                        "-e vxlan.flags_reserved -e eth.src -e ip.dst -e icmp.type");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0],
              "4789 1 5001 0x0000 00:50:56:6a:00:02,00:50:56:aa:00:01 172.16.10.1,192.168.50.2 8");
    EXPECT_EQ(lines[1],
              "4789 1 5001 0x4000 00:50:56:6a:00:02,00:50:56:aa:00:01 172.16.10.1,192.168.50.2 8");
    auto protocols = Tshark(file, "-T fields -e frame.protocols");
    ASSERT_EQ(protocols.size(), 2u);
    EXPECT_EQ(protocols[0], "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data");
}

// Linux's VXLAN driver, configured as our spec says a VTEP sends, puts Ethernet / IPv4 with
// DF and TTL 64 / UDP to 4789 with checksum 0 / VXLAN with the VNI / the frame unchanged on
// the wire; and that packet equals the one ns-3's headers and VxlanHeader build, byte for
// byte but the UDP source port, the IPv4 identification and so the IPv4 checksum.
TEST_F(LinuxVxlanPeerTest, LinuxEncap_IsEthIpv4DfTtl64UdpChecksum0VxlanVniAndEqualsOurs)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    std::vector<uint8_t> inner = InnerFrame();
    LinuxPeerResult r = LinuxEncap(inner, t);
    ASSERT_EQ(r.error, "");
    ASSERT_FALSE(r.frame.empty()) << "nothing left the Linux VTEP";
    const std::vector<uint8_t>& wire = r.frame;
    ASSERT_TRUE(WriteEthernetPcap(OutputDir() + "/linux-encap.pcap", {wire})); // for a look with Wireshark
    ASSERT_EQ(wire.size(), inner.size() + VxlanHeader::kIpv4Overhead) << Hex(wire);

    Ptr<Packet> p = Create<Packet>(wire.data(), wire.size());
    EthernetHeader eth;
    p->RemoveHeader(eth);
    EXPECT_EQ(eth.GetDestination(), t.remoteMac);
    EXPECT_EQ(eth.GetSource(), t.localMac);
    EXPECT_EQ(eth.GetLengthType(), 0x0800);
    Ipv4Header ip;
    ip.EnableChecksum();
    p->RemoveHeader(ip);
    EXPECT_TRUE(ip.IsChecksumOk());
    EXPECT_TRUE(ip.IsDontFragment());
    EXPECT_EQ(ip.GetTtl(), 64);
    EXPECT_EQ(ip.GetTos(), 0);
    EXPECT_EQ(ip.GetProtocol(), UdpL4Protocol::PROT_NUMBER);
    EXPECT_EQ(ip.GetSource(), t.localIp);
    EXPECT_EQ(ip.GetDestination(), t.remoteIp);
    UdpHeader udp;
    p->RemoveHeader(udp);
    EXPECT_EQ(udp.GetDestinationPort(), VxlanHeader::kIanaPort);
    EXPECT_EQ(wire[kUdpChecksum], 0);
    EXPECT_EQ(wire[kUdpChecksum + 1], 0);
    VxlanHeader vxlan;
    p->RemoveHeader(vxlan);
    EXPECT_TRUE(vxlan.IsValid());
    EXPECT_FALSE(vxlan.GetReplicate());
    EXPECT_EQ(vxlan.GetVni(), t.vni);
    EXPECT_EQ(BytesOf(p), inner);

    // Ours, with Linux's three per-packet values copied in.
    uint16_t srcPort = (wire[kUdpSrcPort] << 8) | wire[kUdpSrcPort + 1];
    uint16_t id = (wire[kIpId] << 8) | wire[kIpId + 1];
    LinuxVxlanTunnel reversed = t; // OuterPacket builds remote -> local
    std::swap(reversed.localIp, reversed.remoteIp);
    std::swap(reversed.localMac, reversed.remoteMac);
    std::vector<uint8_t> ours = OuterPacket(inner, reversed, VxlanHeader(t.vni), srcPort, id);
    EXPECT_EQ(Hex(ours), Hex(wire));
    EXPECT_EQ(std::vector<uint8_t>(wire.begin() + kVxlan, wire.begin() + kVxlan + 8),
              BytesOf(VxlanHeader(t.vni)));
}

// The same with NSX-V's port 8472 (Linux's own default): only the destination port changes.
TEST_F(LinuxVxlanPeerTest, LinuxEncap_NsxvPort8472IsTheDestinationPort)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    t.dstPort = VxlanHeader::kNsxvPort;
    t.vni = VxlanHeader::kMaxVni;
    LinuxPeerResult r = LinuxEncap(InnerFrame(), t);
    ASSERT_EQ(r.error, "");
    ASSERT_FALSE(r.frame.empty()) << "nothing left the Linux VTEP";
    EXPECT_EQ((r.frame[kUdpSrcPort + 2] << 8) | r.frame[kUdpSrcPort + 3], 8472);
    std::vector<uint8_t> vxlan(r.frame.begin() + kVxlan, r.frame.begin() + kVxlan + 8);
    EXPECT_EQ(vxlan, BytesOf(VxlanHeader(VxlanHeader::kMaxVni)));
}

// Linux accepts a packet built with ns-3's headers and VxlanHeader and delivers its inner
// frame unchanged: our VXLAN bytes are what Linux reads.
TEST_F(LinuxVxlanPeerTest, LinuxDecap_DeliversTheInnerFrameOfOurPacketUnchanged)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    std::vector<uint8_t> inner = InnerFrame();
    LinuxPeerResult r = LinuxDecap(OuterPacket(inner, t, VxlanHeader(t.vni)), t);
    ASSERT_EQ(r.error, "");
    ASSERT_FALSE(r.frame.empty()) << "Linux delivered nothing";
    EXPECT_EQ(Hex(r.frame), Hex(inner));
}

// Linux checks what it decapsulates, so delivering our packet means something: it drops a
// packet whose VNI is not its device's, and one without the I flag (each beside a control
// packet that it delivers).
TEST_F(LinuxVxlanPeerTest, LinuxDecap_DropsAnotherVniAndAClearIFlag)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    t.timeoutMs = 300;
    std::vector<uint8_t> inner = InnerFrame();
    LinuxPeerResult control = LinuxDecap(OuterPacket(inner, t, VxlanHeader(t.vni)), t);
    ASSERT_EQ(control.frame, inner)
        << "control: Linux must deliver the right VNI " << control.error;

    LinuxPeerResult other = LinuxDecap(OuterPacket(inner, t, VxlanHeader(t.vni + 1)), t);
    ASSERT_EQ(other.error, "");
    EXPECT_TRUE(other.frame.empty()) << Hex(other.frame);

    std::vector<uint8_t> noI = OuterPacket(inner, t, VxlanHeader(t.vni));
    noI[kVxlan] = 0x00;
    LinuxPeerResult invalid = LinuxDecap(noI, t);
    ASSERT_EQ(invalid.error, "");
    EXPECT_TRUE(invalid.frame.empty()) << Hex(invalid.frame);
}

// A copy marked "replicate locally" is for this project's proxy VTEPs only: Linux, stricter
// than RFC 7348, drops a VXLAN header with a reserved bit set.
TEST_F(LinuxVxlanPeerTest, ReplicateFlag_LinuxDropsAMarkedCopy)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    t.timeoutMs = 300;
    std::vector<uint8_t> inner = InnerFrame();
    LinuxPeerResult control = LinuxDecap(OuterPacket(inner, t, VxlanHeader(t.vni)), t);
    ASSERT_EQ(control.frame, inner)
        << "control: Linux must deliver the unmarked copy " << control.error;

    VxlanHeader marked(t.vni);
    marked.SetReplicate(true);
    LinuxPeerResult r = LinuxDecap(OuterPacket(inner, t, marked), t);
    ASSERT_EQ(r.error, "");
    EXPECT_TRUE(r.frame.empty()) << Hex(r.frame);
}

// The harness leaves nothing behind: its namespace is deleted after a run and after a
// set-up that fails half way (here ip refuses a multicast MAC for the underlay device).
TEST_F(LinuxVxlanPeerTest, Harness_DeletesItsNamespaceAfterSuccessAndAfterFailure)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxVxlanTunnel t;
    ASSERT_EQ(LinuxEncap(InnerFrame(), t).error, "");
    EXPECT_EQ(LinuxPeerNamespacesLeft(), std::vector<std::string>());

    t.localMac = Mac48Address("01:00:5e:00:00:01");
    LinuxPeerResult r = LinuxEncap(InnerFrame(), t);
    EXPECT_NE(r.error.find("ip -n vswitch-vxlan-"), std::string::npos) << r.error;
    EXPECT_TRUE(r.frame.empty());
    EXPECT_EQ(LinuxPeerNamespacesLeft(), std::vector<std::string>());
}
