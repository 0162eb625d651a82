/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: which MPI rank simulates each switch, router and host of a scenario.
 */
#ifndef VSWITCH_SIM_PARTITION_H
#define VSWITCH_SIM_PARTITION_H

#include "scenario.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief The ranks of a distributed run: every switch, router and ESXi host (with its VMs
 *        and nested hosts) belongs to one rank.
 *
 * A switch or top-level host may name its rank ("rank"). Otherwise a host goes with the
 * switch its first cabled NIC reaches; the leaf switches (those with ESXi hosts) are shared
 * out in file order, in contiguous blocks of about equal host counts (leaf 1 and 2 on rank 0,
 * leaf 3 and 4 on rank 1, ...); the other switches (spines) go round-robin; the switches a
 * router joins (those without a "rank") go with its first, and the router with them; a
 * bare-metal host goes with its switch.
 */
class Partition
{
  public:
    /**
     * The largest MTU of a cable between ranks: ns-3's MPI message holds 1976 bytes of a
     * serialized frame, which are the frame (MTU + 18 bytes of Ethernet header and FCS + 4
     * of 802.1Q tag) and the packet's own metadata and tags (up to about 150 bytes).
     */
    static constexpr uint16_t kMaxMtuBetweenRanks = 1800;

    /**
     * \param scenario the checked scenario
     * \param ranks the number of ranks (at least 1)
     * \param[out] errors what cannot be distributed this way ("FILE: PATH: message"):
     *        a rank out of range, a router on switches of two ranks, a vMotion between
     *        ranks, NSX hosts on two ranks, console captures on two ranks, a cable between
     *        ranks with a jumbo MTU or no delay, taps or the real-time scheduler
     */
    Partition(const Scenario& scenario, uint32_t ranks, std::vector<std::string>& errors);

    /// \return the number of ranks
    uint32_t Ranks() const
    {
        return m_ranks;
    }

    /// \param name a node's name \return whether it is a switch's
    bool IsSwitch(const std::string& name) const;

    /// \param name a switch's name \return its rank
    uint32_t SwitchRank(const std::string& name) const;

    /// \param ref a host reference ("esxi01", "esxi01/nested1") \return its rank
    uint32_t HostRank(const std::string& ref) const;

    /// \param name a router's name \return its rank
    uint32_t RouterRank(const std::string& name) const;

    /// \param e a cable end (a switch port or a host NIC) \return its rank
    uint32_t EndRank(const Endpoint& e) const;

    /// \return the number of cables between ranks
    std::size_t CablesBetweenRanks() const
    {
        return m_crossing;
    }

    /// \return for each rank, "rank R: switches ...; hosts ..." (what --mpi prints)
    std::vector<std::string> Describe() const;

  private:
    uint32_t m_ranks;                            //!< ranks
    std::map<std::string, uint32_t> m_switches;  //!< switch -> rank
    std::map<std::string, uint32_t> m_hosts;     //!< top-level host -> rank
    std::map<std::string, uint32_t> m_routers;   //!< router -> rank
    std::vector<std::string> m_switchOrder;      //!< switches in file order
    std::vector<std::string> m_hostOrder;        //!< hosts in file order
    std::size_t m_crossing{0};                   //!< cables between ranks
};

} // namespace vsim

#endif /* VSWITCH_SIM_PARTITION_H */
