/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the packets an endpoint's ARP drops (summary.json "arpDrops").
 */
#ifndef VSWITCH_SIM_GUEST_ARP_DROPS_H
#define VSWITCH_SIM_GUEST_ARP_DROPS_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace vsim
{

/**
 * \brief Counts the IPv4 packets that the ARP of the scenario's endpoints (VMs, vmknics,
 *        switch hosts, routers) drops, so that no packet a guest sends vanishes unseen.
 *
 * ns-3's ARP holds the packets for an address being resolved in a queue of
 * ns3::ArpCache::PendingQueueSize; a packet beyond it is dropped (arp-queue-full), and when
 * no reply comes after ns3::ArpCache::MaxRetries requests the queued packets are dropped,
 * as is every packet for that address until the entry's dead timeout passes
 * (arp-unresolved). Neither drop reaches a NIC, so no device counter sees it.
 */
class GuestArpDrops
{
  public:
    /// Why ARP dropped a packet.
    enum class Reason : uint8_t
    {
        QueueFull,  //!< the address is being resolved and its queue is full
        Unresolved, //!< the address did not resolve (no reply to the requests)
    };

    /// \return the summary name of a reason ("arp-queue-full", "arp-unresolved")
    static const char* ReasonName(Reason reason);

    /**
     * \brief Count the ARP drops of a node: its ArpL3Protocol and the ARP cache of every
     *        IPv4 interface it has now (call once its addresses are assigned).
     * \param node the node (nothing happens without an ArpL3Protocol)
     * \param name the name the rows give it
     */
    void Watch(ns3::Ptr<ns3::Node> node, const std::string& name);

    /**
     * \brief The summary's rows.
     * \param onlyRank the drops of this MPI rank's nodes only (every rank builds every node,
     *        and ARP timers run on a copy no frame reaches); none: every node's
     * \return one row per node, destination and reason with a drop, sorted by node name,
     *         destination address and reason: {"node", "destination", "reason", "packets"}
     */
    boost::json::array Rows(std::optional<uint32_t> onlyRank = std::nullopt) const;

    /// \return the total packets dropped
    uint64_t Total() const;

    /**
     * \brief The rows of several ranks' summaries as one summary's (each endpoint is
     *        simulated by one rank, so a row comes from one of them).
     * \param ranks each rank's "arpDrops" rows
     * \return the rows, as Rows() orders them
     */
    static boost::json::array Merge(const std::vector<const boost::json::array*>& ranks);

    /// \return the lines vswitch-sim prints after its traffic lines, one per row
    ///         ("  arpDrops: vm1 -> 10.0.0.2: 8 packets (arp-queue-full)\n")
    static std::string Report(const boost::json::array& rows);

  private:
    /// One node's trace sinks.
    struct Watched
    {
        GuestArpDrops* owner;     //!< whose counts
        ns3::Ptr<ns3::Node> node; //!< the node
        std::string name;         //!< its name
        /// ArpL3Protocol::Drop: a packet beyond a full queue, or for a dead entry
        void OnArpDrop(ns3::Ptr<const ns3::Packet> packet);
        /// ArpCache::Drop: the queued packets of an entry whose requests went unanswered
        void OnCacheDrop(ns3::Ptr<const ns3::Packet> packet);
    };

    /// node name, destination address, reason
    using Key = std::tuple<std::string, uint32_t, Reason>;

    /// Count one dropped IPv4 packet, by its header.
    void Add(const Watched& w, const ns3::Ipv4Header& header, Reason reason);

    std::vector<std::unique_ptr<Watched>> m_watched; //!< the sinks' state

    /// Packets dropped, and the MPI rank of the node that dropped them.
    struct Count
    {
        uint64_t packets{0}; //!< packets
        uint32_t rank{0};    //!< the node's system id
    };

    std::map<Key, Count> m_counts; //!< packets dropped
};

} // namespace vsim

#endif /* VSWITCH_SIM_GUEST_ARP_DROPS_H */
