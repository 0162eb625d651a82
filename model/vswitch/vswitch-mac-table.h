/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VSWITCH_MAC_TABLE_H
#define VSWITCH_VSWITCH_MAC_TABLE_H

#include "ns3/mac48-address.h"
#include "ns3/nstime.h"

#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <vector>

namespace ns3
{

class VSwitch;
class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief The forwarding table of one vSwitch: (VLAN, MAC) -> port (spec sections 2 and 6).
 *
 * It holds the effective MAC of every port (a standard switch knows its ports' MACs and
 * learns nothing), the MACs of guest-tagging (VLAN 4095) ports in every VLAN, and, on port
 * groups with MAC learning, the MACs learned on ports, with their limit and ageing. It
 * answers the data path's lookups and the reverse path check's "is this one of our MACs".
 * One port per MAC: when two ports claim one (a guest borrowed another vNIC's MAC), the port
 * whose initial MAC it is keeps the entry, else the first one does.
 */
class VSwitchMacTable
{
  public:
    /// An entry.
    struct Entry
    {
        VSwitchPort* port; //!< where the MAC lives
        bool learned;      //!< learned (MAC learning) rather than a port's own MAC
        Time lastSeen;     //!< learned entries: last time the MAC sent
    };

    /// What learning decided about a frame's source MAC.
    enum class Learned : uint8_t
    {
        Yes,  //!< learned (or known) on the port: the port may send from it
        No,   //!< not learnable here (group MAC, another port's, over the limit with allow)
        Drop, //!< over the limit with limit policy drop: the frame is to be dropped
    };

    /// \param owner the vSwitch whose table this is
    explicit VSwitchMacTable(VSwitch& owner);

    VSwitchMacTable(const VSwitchMacTable&) = delete;
    VSwitchMacTable& operator=(const VSwitchMacTable&) = delete;

    /// Forget everything.
    void Clear();

    /// \param port a port whose effective MAC (and port group) is now in effect
    void AddPort(VSwitchPort* port);
    /// \param port a port whose entries (own and learned) leave the table
    void RemovePort(VSwitchPort* port);

    /// \param mac a MAC (key form) \return whether it is a port's effective MAC here
    bool IsOwn(uint64_t mac) const
    {
        return m_own.count(mac) != 0;
    }

    /**
     * \param vlan the frame's VLAN
     * \param mac the destination (key form)
     * \return the entry, or nullptr (unknown; a learned entry past its ageing time is removed)
     */
    Entry* Lookup(uint16_t vlan, uint64_t mac);

    /**
     * \brief Learn a source MAC on a port (its port group has MAC learning on).
     * \param port the port
     * \param vlan the frame's VLAN
     * \param mac the source (key form)
     * \return what was decided
     */
    Learned Learn(VSwitchPort* port, uint16_t vlan, uint64_t mac);

    /**
     * \brief Enter a MAC as learned on a port (vMotion brings the port's learned MACs).
     * \param port the port
     * \param vlan the VLAN
     * \param mac the MAC (key form)
     */
    void AddLearned(VSwitchPort* port, uint16_t vlan, uint64_t mac);

    /// Remove the learned entries of ports whose port group no longer learns.
    void FlushDisabled();

    /// \param port a port \return the MACs learned on it, in order
    std::vector<Mac48Address> LearnedOn(const VSwitchPort* port) const;

  private:
    /// Give a port the entry of its effective MAC, unless its owner keeps it.
    void Claim(VSwitchPort* port);
    /// Remove a port's learned entries unused for the ageing time.
    void Expire(VSwitchPort* port);
    /// \param mac a MAC \return whether it is a port's MAC on another vSwitch of the host
    bool IsMacOfAnotherSwitchOfTheHost(uint64_t mac);
    /// \param vlan a VLAN \param mac a MAC \return the key of the pair
    static uint64_t Key(uint16_t vlan, uint64_t mac);

    VSwitch& m_vs;                                             //!< owner
    boost::unordered_flat_map<uint64_t, Entry> m_table;        //!< (VLAN, MAC) -> port
    boost::unordered_flat_map<uint64_t, Entry> m_guestTagging; //!< VGT ports' MACs
    boost::unordered_flat_map<uint64_t, uint32_t> m_own;       //!< port MACs, with counts
    std::vector<VSwitch*> m_siblings;                          //!< the host's other vSwitches
    uint32_t m_siblingScan{0};                                 //!< node devices when made
};

} // namespace ns3

#endif /* VSWITCH_VSWITCH_MAC_TABLE_H */
