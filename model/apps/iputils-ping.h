/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_IPUTILS_PING_H
#define VSWITCH_IPUTILS_PING_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class Packet;
class Socket;

/**
 * \ingroup vswitch
 * \brief A ping whose echo requests are laid out byte for byte as Linux iputils' `ping`
 *        sends them, so that a simulated guest's ICMP looks in a pcap like a real one.
 *
 * Each echo request carries:
 * - the identifier of the sender (`Identifier`; by default one per application, derived
 *   from the node ID and the application's index on its node, as a process ID would be);
 * - the sequence number as iputils counts it: 1 for the first request, then one more per
 *   request, modulo 65536;
 * - when `Size` is at least 16, a `struct timeval` of the simulated send time as a 64-bit
 *   Linux host writes it (tv_sec, then tv_usec, each 8 bytes, little-endian);
 * - then the pattern iputils fills the data with: byte i of the data holds i mod 256
 *   (0x10 0x11 ... 0x37 for the default 56 bytes).
 *
 * With the default 56 data bytes, the IPv4 packet is 84 bytes and the Ethernet frame 98, as
 * in seed 0's dump. The round-trip time is read from the timestamp the reply echoes back, as
 * iputils does (no timing below 16 data bytes). Replies are matched by identifier; a reply
 * whose sequence number was answered already counts as a duplicate (iputils' "DUP!").
 * Requests leave through a raw ICMP socket, so the IPv4 header (TTL, identification,
 * checksum) is the node's own.
 *
 * With `DontFragment` (iputils' `-M do`, ESXi vmkping's `-d`), the requests carry the IPv4
 * DF flag and are never fragmented: ns-3's Ipv4L3Protocol::Send never sets DF, so the
 * application then builds the IPv4 header itself (DF, TTL 64, the source address of the
 * route to the remote, an identification counting up from 1) and sends it through the raw
 * socket with `IpHeaderInclude`. A request larger than the first hop's MTU is not sent: it
 * takes its sequence number, as iputils' does, and is counted by GetTooBig() and the
 * `TooBig` trace (Linux: "ping: local error: message too long, mtu=N"). Replies come back
 * through the same raw socket as without the flag.
 *
 * With `Verbose`, the application prints what iputils prints: the `PING` line, one line per
 * reply and the statistics when it stops.
 */
class IputilsPing : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IputilsPing();
    ~IputilsPing() override;

    /// Bytes of the `struct timeval` at the start of the data.
    static constexpr uint32_t kTimevalBytes = 16;

    /**
     * \brief The data of an echo request as iputils lays it out.
     * \param size number of data bytes
     * \param sent the send time written into the timestamp (when size >= 16)
     * \return the bytes
     */
    static std::vector<uint8_t> MakeData(uint32_t size, Time sent);

    /// \return the identifier the requests carry (resolved when the application starts)
    uint16_t GetIdentifier() const;
    /// \return echo requests sent
    uint32_t GetSent() const;
    /// \return echo requests not sent because, with DontFragment, they exceed the first hop's MTU
    uint32_t GetTooBig() const;
    /// \return distinct echo requests answered
    uint32_t GetReceived() const;
    /// \return duplicate replies received
    uint32_t GetDuplicates() const;
    /// \return the smallest round-trip time seen (0 before the first reply)
    Time GetMinRtt() const;
    /// \return the largest round-trip time seen (0 before the first reply)
    Time GetMaxRtt() const;
    /// \return the mean round-trip time (0 before the first reply)
    Time GetAvgRtt() const;

    /**
     * TracedCallback signature of a sent request.
     * \param seq the ICMP sequence number
     * \param request the echo request (ICMP header, echo header and data)
     */
    typedef void (*TxTracedCallback)(uint16_t seq, Ptr<const Packet> request);

    /**
     * TracedCallback signature of a reply.
     * \param seq the ICMP sequence number
     * \param rtt the round-trip time (0 when the request carried no timestamp)
     */
    typedef void (*RttTracedCallback)(uint16_t seq, Time rtt);

    /**
     * TracedCallback signature of a request too large to send unfragmented.
     * \param seq the ICMP sequence number it took
     * \param size the IPv4 packet's size
     * \param mtu the MTU of the first hop
     */
    typedef void (*TooBigTracedCallback)(uint16_t seq, uint32_t size, uint16_t mtu);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Send one echo request and schedule the next.
    void Send();
    /// Read what the socket holds.
    void Receive(Ptr<Socket> socket);
    /// The identifier used when the attribute leaves it automatic.
    uint16_t AutomaticIdentifier() const;
    /**
     * \brief Put the IPv4 header (DF) on a request, or find that it does not fit.
     * \param p the ICMP message; the header is added to it
     * \param seq its sequence number
     * \param routed set to false when there is no route (the request counts as sent, as
     *        the raw socket's would, but nothing leaves)
     * \return false when it is too big to send
     */
    bool AddDontFragmentHeader(Ptr<Packet> p, uint16_t seq, bool& routed);

    Ipv4Address m_remote; //!< the address pinged
    Time m_interval;      //!< time between requests
    uint32_t m_size;      //!< data bytes per request
    uint32_t m_count;     //!< requests to send (0: until stopped)
    int32_t m_identifier; //!< the Identifier attribute (-1: automatic)
    bool m_verbose;       //!< print as iputils does
    bool m_dontFragment;  //!< DontFragment

    Ptr<Socket> m_socket;         //!< raw ICMP socket
    EventId m_next;               //!< next request
    uint16_t m_id;                //!< identifier in use
    uint32_t m_sent;              //!< requests sent
    uint32_t m_tooBig;            //!< requests too big to send with DF
    uint16_t m_ipId;              //!< next IPv4 identification (DontFragment)
    uint32_t m_received;          //!< distinct replies
    uint32_t m_duplicates;        //!< duplicate replies
    std::vector<bool> m_answered; //!< per sequence number: a reply was seen
    Time m_started;               //!< when the application started
    int64_t m_rttCount;           //!< timed replies
    double m_rttSumMs;            //!< sum of timed RTTs (ms)
    double m_rttSumSqMs;          //!< sum of squares (ms^2), for mdev
    Time m_rttMin;                //!< smallest RTT
    Time m_rttMax;                //!< largest RTT

    TracedCallback<uint16_t, Ptr<const Packet>> m_txTrace;      //!< a request was sent
    TracedCallback<uint16_t, Time> m_rttTrace;                  //!< a first reply arrived
    TracedCallback<uint16_t, Time> m_duplicateTrace;            //!< a duplicate reply arrived
    TracedCallback<uint16_t, uint32_t, uint16_t> m_tooBigTrace; //!< a request did not fit
};

} // namespace ns3

#endif /* VSWITCH_IPUTILS_PING_H */
