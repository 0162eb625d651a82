/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "iputils-ping.h"

#include "ns3/boolean.h"
#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IputilsPing");

NS_OBJECT_ENSURE_REGISTERED(IputilsPing);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (GetNode())                                                                                 \
    {                                                                                              \
        std::clog << "[node " << GetNode()->GetId() << " ping " << m_remote << "] ";               \
    }

namespace
{

/// Write v as 8 little-endian bytes (a 64-bit Linux host's `long`).
void
PutLe64(uint8_t* p, int64_t v)
{
    auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i)
    {
        p[i] = static_cast<uint8_t>(u >> (8 * i));
    }
}

/// Read 8 little-endian bytes.
int64_t
GetLe64(const uint8_t* p)
{
    uint64_t u = 0;
    for (int i = 7; i >= 0; --i)
    {
        u = (u << 8) | p[i];
    }
    return static_cast<int64_t>(u);
}

/// Milliseconds with iputils' precision (three decimals).
std::string
Ms(double ms)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << ms;
    return os.str();
}

} // namespace

TypeId
IputilsPing::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IputilsPing")
            .SetParent<Application>()
            .SetGroupName("VSwitch")
            .AddConstructor<IputilsPing>()
            .AddAttribute("Remote",
                          "The IPv4 address to ping.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&IputilsPing::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Interval",
                          "Time between echo requests (ping -i).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&IputilsPing::m_interval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("Size",
                          "Data bytes per request (ping -s); 56 gives a 98-byte frame.",
                          UintegerValue(56),
                          MakeUintegerAccessor(&IputilsPing::m_size),
                          MakeUintegerChecker<uint32_t>(0, 65507))
            .AddAttribute("Count",
                          "Requests to send (ping -c); 0 sends until the application stops. "
                          "Replies are still taken after the last request.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IputilsPing::m_count),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Identifier",
                          "ICMP identifier of the requests; -1 derives one per application "
                          "from the node ID and the application index (1000 + 16 x node + "
                          "index, modulo 65536), as each real ping has its process's.",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&IputilsPing::m_identifier),
                          MakeIntegerChecker<int32_t>(-1, 65535))
            .AddAttribute("Verbose",
                          "Print what iputils' ping prints on standard output.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IputilsPing::m_verbose),
                          MakeBooleanChecker())
            .AddAttribute("DontFragment",
                          "Set the IPv4 DF flag and never fragment (ping -M do, vmkping -d): "
                          "the application writes the IPv4 header itself (TTL 64) and does "
                          "not send a request larger than the first hop's MTU (TooBig).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IputilsPing::m_dontFragment),
                          MakeBooleanChecker())
            .AddTraceSource("Tx",
                            "An echo request was sent.",
                            MakeTraceSourceAccessor(&IputilsPing::m_txTrace),
                            "ns3::IputilsPing::TxTracedCallback")
            .AddTraceSource("Rtt",
                            "The first reply to a request arrived.",
                            MakeTraceSourceAccessor(&IputilsPing::m_rttTrace),
                            "ns3::IputilsPing::RttTracedCallback")
            .AddTraceSource("Duplicate",
                            "A further reply to an answered request arrived (DUP!).",
                            MakeTraceSourceAccessor(&IputilsPing::m_duplicateTrace),
                            "ns3::IputilsPing::RttTracedCallback")
            .AddTraceSource("TooBig",
                            "With DontFragment, a request larger than the first hop's MTU was "
                            "not sent.",
                            MakeTraceSourceAccessor(&IputilsPing::m_tooBigTrace),
                            "ns3::IputilsPing::TooBigTracedCallback");
    return tid;
}

IputilsPing::IputilsPing()
    : m_interval(Seconds(1)),
      m_size(56),
      m_count(0),
      m_identifier(-1),
      m_verbose(false),
      m_dontFragment(false),
      m_id(0),
      m_sent(0),
      m_tooBig(0),
      m_ipId(1),
      m_received(0),
      m_duplicates(0),
      m_rttCount(0),
      m_rttSumMs(0),
      m_rttSumSqMs(0)
{
    NS_LOG_FUNCTION(this);
}

IputilsPing::~IputilsPing()
{
    NS_LOG_FUNCTION(this);
}

void
IputilsPing::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
    m_socket = nullptr;
    Application::DoDispose();
}

std::vector<uint8_t>
IputilsPing::MakeData(uint32_t size, Time sent)
{
    std::vector<uint8_t> data(size);
    for (uint32_t i = 0; i < size; ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    if (size >= kTimevalBytes)
    {
        int64_t us = sent.GetMicroSeconds();
        PutLe64(&data[0], us / 1000000);
        PutLe64(&data[8], us % 1000000);
    }
    return data;
}

uint16_t
IputilsPing::AutomaticIdentifier() const
{
    Ptr<Node> node = GetNode();
    uint32_t index = 0;
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (node->GetApplication(i) == this)
        {
            index = i;
        }
    }
    return static_cast<uint16_t>(1000 + 16 * node->GetId() + index);
}

void
IputilsPing::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_id = m_identifier >= 0 ? static_cast<uint16_t>(m_identifier) : AutomaticIdentifier();
    m_started = Simulator::Now();
    m_answered.assign(65536, false);
    m_socket = Socket::CreateSocket(GetNode(), TypeId::LookupByName("ns3::Ipv4RawSocketFactory"));
    m_socket->SetAttribute("Protocol", UintegerValue(1)); // ICMP
    m_socket->SetRecvCallback(MakeCallback(&IputilsPing::Receive, this));
    if (m_dontFragment)
    {
        m_socket->SetAttribute("IpHeaderInclude", BooleanValue(true));
    }
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 0)) != 0)
    {
        NS_FATAL_ERROR("IputilsPing on node " << GetNode()->GetId()
                                              << ": cannot bind a raw ICMP socket (does the "
                                                 "node have an IPv4 stack?)");
    }
    if (m_verbose)
    {
        std::cout << "PING " << m_remote << " (" << m_remote << ") " << m_size << "(" << m_size + 28
                  << ") bytes of data.\n";
    }
    Send();
}

void
IputilsPing::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    if (m_verbose)
    {
        std::ostringstream os;
        os << "\n--- " << m_remote << " ping statistics ---\n"
           << m_sent << " packets transmitted, " << m_received << " received";
        if (m_duplicates)
        {
            os << ", +" << m_duplicates << " duplicates";
        }
        os << ", " << (m_sent ? (m_sent - m_received) * 100 / m_sent : 0) << "% packet loss, time "
           << (Simulator::Now() - m_started).GetMilliSeconds() << "ms\n";
        if (m_rttCount)
        {
            double avg = m_rttSumMs / m_rttCount;
            double mdev = std::sqrt(std::max(0.0, m_rttSumSqMs / m_rttCount - avg * avg));
            os << "rtt min/avg/max/mdev = " << Ms(m_rttMin.GetSeconds() * 1e3) << "/" << Ms(avg)
               << "/" << Ms(m_rttMax.GetSeconds() * 1e3) << "/" << Ms(mdev) << " ms\n";
        }
        std::cout << os.str();
    }
}

void
IputilsPing::Send()
{
    uint16_t seq = static_cast<uint16_t>(m_sent + m_tooBig + 1);
    std::vector<uint8_t> data = MakeData(m_size, Simulator::Now());
    Icmpv4Echo echo;
    echo.SetIdentifier(m_id);
    echo.SetSequenceNumber(seq);
    echo.SetData(Create<Packet>(data.data(), static_cast<uint32_t>(data.size())));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    p->AddHeader(icmp);
    m_answered[seq] = false;
    Ptr<const Packet> request = p->Copy();
    bool routed = true;
    if (!m_dontFragment || AddDontFragmentHeader(p, seq, routed))
    {
        ++m_sent;
        NS_LOG_INFO("echo request id " << m_id << " seq " << seq);
        m_txTrace(seq, request);
        if (routed)
        {
            m_socket->SendTo(p, 0, InetSocketAddress(m_remote, 0));
        }
    }
    if (m_count == 0 || m_sent + m_tooBig < m_count)
    {
        m_next = Simulator::Schedule(m_interval, &IputilsPing::Send, this);
    }
}

bool
IputilsPing::AddDontFragmentHeader(Ptr<Packet> p, uint16_t seq, bool& routed)
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Ipv4Header h;
    h.SetDestination(m_remote);
    h.SetProtocol(1); // ICMP
    Socket::SocketErrno err = Socket::ERROR_NOTERROR;
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()
                               ? ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err)
                               : nullptr;
    if (!route)
    {
        // As the raw socket does without a route: nothing leaves, the request counts as sent.
        NS_LOG_INFO("echo request seq " << seq << ": no route to " << m_remote);
        routed = false;
        return true;
    }
    uint32_t size = p->GetSize() + 20;
    uint16_t mtu = route->GetOutputDevice()->GetMtu();
    if (size > mtu)
    {
        ++m_tooBig;
        NS_LOG_INFO("echo request seq " << seq << ": " << size << " bytes with DF exceed MTU "
                                        << mtu << ": not sent");
        if (m_verbose)
        {
            std::cout << "ping: local error: message too long, mtu=" << mtu << "\n";
        }
        m_tooBigTrace(seq, size, mtu);
        return false;
    }
    h.SetSource(route->GetSource());
    h.SetPayloadSize(p->GetSize());
    h.SetTtl(64);
    h.SetTos(0);
    h.SetDontFragment();
    h.SetIdentification(m_ipId++);
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    p->AddHeader(h);
    return true;
}

void
IputilsPing::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Ipv4Header ip;
        p->RemoveHeader(ip);
        Icmpv4Header icmp;
        p->RemoveHeader(icmp);
        if (icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            continue;
        }
        Icmpv4Echo echo;
        p->RemoveHeader(echo);
        if (echo.GetIdentifier() != m_id)
        {
            continue;
        }
        uint16_t seq = echo.GetSequenceNumber();
        Time rtt(0);
        uint32_t dataSize = echo.GetDataSize();
        if (m_size >= kTimevalBytes && dataSize >= kTimevalBytes)
        {
            std::vector<uint8_t> data(dataSize);
            echo.GetData(data.data());
            Time sent = MicroSeconds(GetLe64(&data[0]) * 1000000 + GetLe64(&data[8]));
            rtt = Simulator::Now() - sent;
        }
        const bool duplicate = m_answered[seq];
        if (m_verbose)
        {
            std::cout << dataSize + 8 << " bytes from " << ip.GetSource() << ": icmp_seq=" << seq
                      << " ttl=" << unsigned(ip.GetTtl());
            if (m_size >= kTimevalBytes)
            {
                std::cout << " time=" << Ms(rtt.GetSeconds() * 1e3) << " ms";
            }
            std::cout << (duplicate ? " (DUP!)" : "") << "\n";
        }
        if (duplicate)
        {
            ++m_duplicates;
            m_duplicateTrace(seq, rtt);
            continue;
        }
        m_answered[seq] = true;
        ++m_received;
        if (m_size >= kTimevalBytes)
        {
            double ms = rtt.GetSeconds() * 1e3;
            if (m_rttCount == 0 || rtt < m_rttMin)
            {
                m_rttMin = rtt;
            }
            if (m_rttCount == 0 || rtt > m_rttMax)
            {
                m_rttMax = rtt;
            }
            ++m_rttCount;
            m_rttSumMs += ms;
            m_rttSumSqMs += ms * ms;
        }
        NS_LOG_INFO("echo reply seq " << seq << " rtt " << rtt.As(Time::US));
        m_rttTrace(seq, rtt);
    }
}

uint16_t
IputilsPing::GetIdentifier() const
{
    return m_id;
}

uint32_t
IputilsPing::GetSent() const
{
    return m_sent;
}

uint32_t
IputilsPing::GetTooBig() const
{
    return m_tooBig;
}

uint32_t
IputilsPing::GetReceived() const
{
    return m_received;
}

uint32_t
IputilsPing::GetDuplicates() const
{
    return m_duplicates;
}

Time
IputilsPing::GetMinRtt() const
{
    return m_rttCount ? m_rttMin : Time(0);
}

Time
IputilsPing::GetMaxRtt() const
{
    return m_rttCount ? m_rttMax : Time(0);
}

Time
IputilsPing::GetAvgRtt() const
{
    return m_rttCount ? Seconds(m_rttSumMs / m_rttCount / 1e3) : Time(0);
}

} // namespace ns3
