/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_NIC_TEAMING_H
#define VSWITCH_NIC_TEAMING_H

#include "port-group.h"
#include "teaming-policy.h"
#include "vswitch-port.h"

#include "ns3/callback.h"
#include "ns3/drop-reason.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/l2-net-device.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

class PortGroup;
class SwitchedFrame;
class VSwitch;
class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief The NIC teaming of one vSwitch: its uplinks, which uplink each port transmits on
 *        (the load balancing policy and the failover order), failure detection by link
 *        status and beacon probing, and physical NIC load rebalancing (spec section 3).
 *
 * The forwarding pipeline of VSwitch asks it only "which uplink for this frame"
 * (SelectUplink) and "which uplink does the physical switch deliver this port's frames on"
 * (ExpectedUplink, for reverse teaming); the vSwitch's configuration asks it to resolve a
 * port group's failover order and to choose a port's uplink (Choose) whenever something
 * changes. It owns the beacon and NIC load timers. It belongs to its VSwitch, which it calls
 * back to send beacons, to re-team ports and to read the attributes that configure it.
 */
class NicTeaming
{
  public:
    static constexpr uint32_t kNone = 0xffffffff; //!< no uplink

    /// An uplink.
    struct Uplink
    {
        Ptr<L2NetDevice> device;     //!< the NIC
        std::string name;            //!< vmnicN
        uint32_t portId{0};          //!< port ID
        uint64_t mac{0};             //!< the NIC's MAC (table key form)
        bool beaconFailed{false};    //!< cut off, by beacon probing
        bool usable{false};          //!< link up and not beacon-failed
        uint64_t rxFrames{0};        //!< frames received
        uint64_t rxBytes{0};         //!< their bytes
        uint64_t txFrames{0};        //!< frames sent
        uint64_t txBytes{0};         //!< their bytes
        uint64_t loadRxBytes{0};     //!< bytes received in the load interval
        uint64_t loadTxBytes{0};     //!< bytes sent in the load interval
        DropCounters drops;          //!< drops here
        std::vector<Time> heardFrom; //!< last beacon of each uplink heard here
        bool linkUp{false};          //!< link state last seen (to notice a link coming up)
    };

    /// Hash of a MAC (source MAC hash teaming).
    typedef Callback<uint32_t, Mac48Address> MacHashCallback;
    /// Hash of an IPv4 source and destination (IP hash teaming).
    typedef Callback<uint32_t, Ipv4Address, Ipv4Address> IpHashCallback;

    /// EtherType of the beacons.
    static constexpr uint16_t kBeaconEtherType = 0x8922;

    /// \param owner the vSwitch whose teaming this is
    explicit NicTeaming(VSwitch& owner);

    NicTeaming(const NicTeaming&) = delete;
    NicTeaming& operator=(const NicTeaming&) = delete;

    /// Stop the timers and forget the uplinks.
    void Dispose();

    // ---- the uplink set ---------------------------------------------------------------

    /**
     * \brief Add an uplink (its checks are the vSwitch's).
     * \param device the NIC
     * \param name vmnicN
     * \param portId its port ID
     * \return its index
     */
    uint32_t Add(Ptr<L2NetDevice> device, const std::string& name, uint32_t portId);

    /// \return the number of uplinks
    uint32_t GetN() const
    {
        return m_uplinks.size();
    }

    /// \param u an uplink index \return the uplink
    Uplink& Get(uint32_t u)
    {
        return m_uplinks[u];
    }

    /// \param u an uplink index \return the uplink
    const Uplink& Get(uint32_t u) const
    {
        return m_uplinks[u];
    }

    /// \param ifIndex a node interface index \return the uplink on it (kNone: none)
    uint32_t OfIfIndex(uint32_t ifIndex) const
    {
        return ifIndex < m_ofIfIndex.size() ? m_ofIfIndex[ifIndex] : kNone;
    }

    /// \param name an uplink name \return its index, kNone when there is none
    uint32_t Find(const std::string& name) const;
    /// \return the uplink names, in the order added ("vmnic0, vmnic1"; "none" when empty)
    std::string Names() const;

    // ---- hash functions -----------------------------------------------------------------

    /// \param hash the source MAC hash (null: the default XOR fold)
    void SetMacHash(MacHashCallback hash);
    /// \param hash the IP hash (null: the default source XOR destination)
    void SetIpHash(IpHashCallback hash);
    /// \param mac a MAC (table key form) \return its hash
    uint32_t MacKeyHash(uint64_t mac) const;
    /// \param src source \param dst destination \return the IP hash of the pair
    uint32_t IpHash(Ipv4Address src, Ipv4Address dst) const;
    /// \param frame a frame \param h its header \return the IP hash of the bytes at the IPv4
    ///        address offsets
    uint32_t FrameIpHash(Ptr<const Packet> frame, const EthernetVlanHeader& h) const;

    // ---- teaming decisions --------------------------------------------------------------

    /**
     * \brief Resolve a port group's failover order against the uplinks: active, standby and
     *        usable lists of its Resolved state.
     * \param group the group
     * \param policy its effective teaming (every member set)
     */
    void Resolve(PortGroup* group, const TeamingPolicy& policy) const;
    /// \param u an uplink \param group a port group \return whether the group may use it
    bool UsableFor(uint32_t u, const PortGroup* group) const;
    /// \param port a port \return the uplink its policy chooses now (kNone: none, IP hash)
    uint32_t Choose(const VSwitchPort* port) const;

    /// \param src the sending port \param frame the frame \return the uplink it leaves by
    uint32_t SelectUplink(const VSwitchPort* src, const SwitchedFrame& frame) const
    {
        LoadBalancing lb = src->m_group->m_resolved.loadBalancing;
        if (lb != LoadBalancing::SourceMac && lb != LoadBalancing::IpHash)
        {
            return src->m_uplink; // per-port policies: the uplink the port is pinned to
        }
        return SelectHashed(src, frame);
    }

    /**
     * \param dst the receiving port
     * \param h the frame's header
     * \param addressed the frame is for a MAC of (or learned on) dst
     * \return the uplink the physical switch delivers such a frame on (reverse teaming)
     */
    uint32_t ExpectedUplink(const VSwitchPort* dst,
                            const EthernetVlanHeader& h,
                            bool addressed) const
    {
        if (!addressed || dst->m_group->m_resolved.loadBalancing != LoadBalancing::SourceMac)
        {
            return dst->m_uplink;
        }
        return ExpectedHashed(dst, h);
    }

    /// \param port a port \return its TEAM-PNIC ("vmnic2", "all(2)", "")
    std::string Describe(const VSwitchPort* port) const;

    // ---- failure detection and load -----------------------------------------------------

    /// Refresh each uplink's usable flag from its link and beacon state.
    void UpdateUsable();
    /// An uplink's link changed: an uplink that came back starts beacon probing afresh.
    void LinkChanged();
    /// Start the beacon and NIC load timers when a port group needs them.
    void ScheduleTimers();
    /// A beacon arrived on an uplink.
    void HandleBeacon(uint32_t uplink, const EthernetVlanHeader& h);

  private:
    /// Send beacons, judge which uplinks are cut, schedule the next round.
    void BeaconTick();
    /// Measure the uplinks' load and move a port off a busy one.
    void LoadTick();
    /// SelectUplink for the hash policies.
    uint32_t SelectHashed(const VSwitchPort* src, const SwitchedFrame& frame) const;
    /// ExpectedUplink of a frame for a MAC of dst under source MAC hash.
    uint32_t ExpectedHashed(const VSwitchPort* dst, const EthernetVlanHeader& h) const;
    /// The home uplink of a MAC under source MAC hash, or a usable one when it is down.
    uint32_t HashUplink(const PortGroup* group, uint64_t mac) const;

    VSwitch& m_vs;                     //!< owner
    std::vector<Uplink> m_uplinks;     //!< uplinks
    std::vector<uint32_t> m_ofIfIndex; //!< node interface index -> uplink
    MacHashCallback m_macHash;         //!< replaced source MAC hash (null: default)
    IpHashCallback m_ipHash;           //!< replaced IP hash (null: default)
    EventId m_beaconEvent;             //!< next beacon round
    EventId m_loadEvent;               //!< next load check
};

} // namespace ns3

#endif /* VSWITCH_NIC_TEAMING_H */
