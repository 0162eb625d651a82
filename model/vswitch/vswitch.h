/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VSWITCH_H
#define VSWITCH_VSWITCH_H

#include "mac-learning-policy.h"
#include "nic-teaming.h"
#include "rarp-scheduler.h"
#include "security-policy.h"
#include "teaming-policy.h"
#include "vswitch-mac-table.h"
#include "vswitch-overlay.h"
#include "vswitch-port.h"

#include "ns3/callback.h"
#include "ns3/capture-point.h"
#include "ns3/drop-reason.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/event-id.h"
#include "ns3/frame-ledger.h"
#include "ns3/ipv4-address.h"
#include "ns3/l2-net-device.h"
#include "ns3/nstime.h"
#include "ns3/switch-net-device.h"
#include "ns3/switched-frame.h"
#include "ns3/traced-callback.h"

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class DistributedSwitch;
class PortGroup;
class VnicNetDevice;

/**
 * \ingroup vswitch
 * \brief An ESXi virtual switch: standard (vSS) or distributed (vDS) switch of one host.
 *
 * The switch is a NetDevice on the host node. It owns port groups and virtual ports (with a
 * VM's vNIC or a VMkernel NIC attached through a VnicChannel) and forwards between them and
 * its uplinks (EthernetNetDevices, or a nested ESXi host's VnicNetDevices) as ESXi does
 * (spec sections 2-6):
 *
 *  - no learning on a standard switch: it knows the MAC of every port and forwards on that
 *    alone; a frame between local ports of a VLAN never leaves the host;
 *  - non-local and BUM frames from a port leave by exactly one uplink, chosen by the port
 *    group's teaming; BUM also goes to the other local ports of the VLAN;
 *  - from an uplink: to the addressed local port(s); unknown unicast is dropped (unless a
 *    port is promiscuous or MAC learning floods it); never to another uplink;
 *  - reverse teaming: a frame that arrived on uplink U reaches port P only if P transmits on
 *    U (not with IP hash), promiscuous or not; the reverse path check drops own BUM
 *    reflected back (`ReversePathFwdCheck`, `ReversePathFwdCheckPromisc`);
 *  - security: promiscuous mode, MAC address changes, forged transmits;
 *  - NIC teaming: originating port, source MAC hash, IP hash, explicit failover, physical NIC
 *    load; active/standby/unused; link status and beacon probing; failover, failback, and
 *    RARP notifications to the physical switches;
 *  - MAC learning on distributed port groups.
 *
 * The data path is one straight pass whose stages are the capture points pktcap-uw knows;
 * each is a trace source named after it ("PortInput", "EtherswitchDispatch", ..., "Drop")
 * with the signature of CaptureTracedCallback. No stage schedules an event.
 */
class VSwitch : public SwitchNetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Standard or distributed switch (unscoped so that EnumValue can carry it).
    enum Type : uint8_t
    {
        Standard = 0, //!< vSphere Standard Switch
        Distributed   //!< vSphere Distributed Switch
    };

    /// Which release's defaults a new switch gets (spec section 5).
    enum Defaults : uint8_t
    {
        VSphere6 = 0, //!< standard: promiscuous reject, MAC changes and forged accept
        VSphere7      //!< every new switch rejects all three
    };

    /// Which MAC the forged transmits check compares the source MAC with.
    enum ForgedCompare : uint8_t
    {
        Effective = 0, //!< the MAC the guest uses
        Initial        //!< the MAC the hypervisor assigned
    };

    /// An uplink as inspection views show it.
    struct UplinkInfo
    {
        std::string name;   //!< vmnicN
        uint32_t portId;    //!< its port ID
        Mac48Address mac;   //!< its MAC
        bool linkUp;        //!< link status
        bool usable;        //!< link up and not failed by beacon probing
        uint64_t rxFrames;  //!< frames received from the NIC
        uint64_t rxBytes;   //!< their bytes
        uint64_t txFrames;  //!< frames handed to the NIC
        uint64_t txBytes;   //!< their bytes
        DropCounters drops; //!< frames dropped here, per reason
    };

    /**
     * TracedCallback signature for a port moving to another uplink.
     * \param portId the port
     * \param from the uplink it left ("" if none)
     * \param to the uplink it now uses ("" if none)
     */
    typedef void (*UplinkChangeTracedCallback)(uint32_t portId,
                                               const std::string& from,
                                               const std::string& to);

    /**
     * TracedCallback signature for a RARP announcement sent.
     * \param portId the port whose MAC (or learned MAC) it announces
     * \param mac the MAC announced
     * \param uplink the uplink it left by
     */
    typedef void (*RarpTracedCallback)(uint32_t portId,
                                       Mac48Address mac,
                                       const std::string& uplink);

    VSwitch();
    ~VSwitch() override;

    /// \return the switch name (vSwitch0, DSwitch)
    std::string GetName() const;
    /// \return the host name (for messages and views)
    std::string GetHostName() const;
    /// \return standard or distributed
    Type GetType() const;
    /// \return the portset index (port IDs are index << 24 | port)
    uint32_t GetPortsetIndex() const;
    /// \return "vSwitch0" for a standard switch, "DvsPortset-N" for a distributed one
    std::string GetPortsetName() const;

    // ---- uplinks -------------------------------------------------------------------------

    /**
     * \brief Add an uplink (a physical NIC, or a nested host's vNIC).
     * \param device the device; it becomes a bridge port of this switch
     * \param name its name, e.g. "vmnic2"
     * \return the uplink's port ID
     */
    uint32_t AddUplink(Ptr<L2NetDevice> device, const std::string& name);
    /// \return the uplink names, in the order they were added
    std::vector<std::string> GetUplinkNames() const;
    /// \param name an uplink name \return whether the switch has it
    bool HasUplink(const std::string& name) const;
    /// \param name an uplink name \return its device
    Ptr<L2NetDevice> GetUplinkDevice(const std::string& name) const;
    /// \param name an uplink name \return its port ID
    uint32_t GetUplinkPortId(const std::string& name) const;
    /// \return every uplink's state and counters
    std::vector<UplinkInfo> GetUplinks() const;

    // ---- policies (switch defaults) -------------------------------------------------------

    /**
     * \brief Set the switch's security settings; Inherit keys take the type's defaults.
     * \param policy the settings
     */
    void SetSecurityPolicy(const SecurityPolicy& policy);
    /// \return the switch's security settings, complete
    SecurityPolicy GetSecurityPolicy() const;
    /**
     * \brief Set the switch's teaming; members not set keep their current value.
     * \param policy the settings
     */
    void SetTeamingPolicy(const TeamingPolicy& policy);
    /// \return the switch's teaming, every member set
    TeamingPolicy GetTeamingPolicy() const;
    /**
     * \brief Set the switch's MAC learning defaults (distributed switch only).
     * \param policy the settings
     */
    void SetMacLearningPolicy(const MacLearningPolicy& policy);
    /// \return the switch's MAC learning settings, every member set
    MacLearningPolicy GetMacLearningPolicy() const;

    // ---- port groups and ports ------------------------------------------------------------

    /**
     * \brief Add a port group.
     * \param name unique within the switch
     * \param vlan 0 (none), 1-4094 (switch tagging) or 4095 (guest tagging)
     * \return the port group
     */
    Ptr<PortGroup> AddPortGroup(const std::string& name, uint16_t vlan);
    /// \param name a port group name \return it (ConfigError when unknown)
    Ptr<PortGroup> GetPortGroup(const std::string& name) const;
    /// \param name a port group name \return whether the switch has it
    bool HasPortGroup(const std::string& name) const;
    /// \return the port groups in the order they were added
    std::vector<Ptr<PortGroup>> GetPortGroups() const;

    /**
     * \brief Connect a vNIC (or VMkernel NIC) to a new port of a port group.
     *
     * The vNIC must be on a node, not connected elsewhere, and have a MAC no other port of
     * this switch uses. It is teamed to an uplink at once, and the physical switches are
     * notified (RARP) when the teaming policy says so.
     * \param vnic the vNIC
     * \param portGroup the port group's name
     * \param client the client name ("vm1.eth0", "vmk0")
     * \param type VM vNIC or VMkernel NIC
     * \param portId a port ID to use (0: the next free one)
     * \return the port
     */
    Ptr<VSwitchPort> Connect(Ptr<VnicNetDevice> vnic,
                             const std::string& portGroup,
                             const std::string& client,
                             VSwitchPort::ClientType type = VSwitchPort::ClientType::VmNic,
                             uint32_t portId = 0);

    /**
     * \brief Connect the vNIC of a VM that vMotion brings from another host: a new port (a
     *        new port ID) of the same port group, with the dvPort, counters and learned MACs
     *        of the port it had there, announced by RARP on the vMotion schedule instead of
     *        the connect burst; each learned MAC is announced once, when learning is on.
     * \param vnic the vNIC (disconnected from its source port)
     * \param from the port it had on the source host
     * \param fromDvs the distributed switch of that port (nullptr: a standard switch); the
     *        dvPort is kept only when it is this switch's own
     * \param learned the MACs learned on that port
     * \param schedule the RARP rounds for the vNIC's MAC
     * \param learnedDelay when each learned MAC is announced
     * \return the new port
     */
    Ptr<VSwitchPort> ConnectMoved(Ptr<VnicNetDevice> vnic,
                                  Ptr<VSwitchPort> from,
                                  const DistributedSwitch* fromDvs,
                                  const std::vector<Mac48Address>& learned,
                                  const std::vector<RarpRound>& schedule,
                                  Time learnedDelay);

    /// \param port a port \return the MACs learned on it (MAC learning), in order
    std::vector<Mac48Address> GetLearnedMacs(Ptr<VSwitchPort> port) const;

    /// \param dvs the distributed switch this is a host's proxy of (set by DistributedSwitch)
    void SetDistributedSwitch(DistributedSwitch* dvs);
    /// \return the distributed switch this is a proxy of, or nullptr
    DistributedSwitch* GetDistributedSwitch() const;

    /**
     * \brief Disconnect and reconnect a port's vNIC, as a vNIC reconnect or a VM restart
     *        does: the port gets a new port ID and is teamed again (it may move uplink).
     * \param port the port
     */
    void Reconnect(Ptr<VSwitchPort> port);

    /**
     * \brief Disconnect a port's vNIC and remove the port.
     * \param port the port
     * \param keepVnicLink the guest sees no link change (vMotion's stun)
     */
    void Disconnect(Ptr<VSwitchPort> port, bool keepVnicLink = false);

    /**
     * \brief Move a port's connect announcement (notify switches: its RARP burst) to
     *        `delay` from now: the VM powers on then (EsxiHost's power-on schedule).
     * \param port the port
     * \param delay from now
     */
    void DelayAnnouncement(Ptr<VSwitchPort> port, Time delay);

    /// \param portId a port ID \return the port, or nullptr
    Ptr<VSwitchPort> GetPort(uint32_t portId) const;
    /// \param client a client name \return the port, or nullptr
    Ptr<VSwitchPort> FindPortByClient(const std::string& client) const;
    /// \return every port, in port ID order
    std::vector<Ptr<VSwitchPort>> GetPorts() const;

    // ---- teaming hash functions ------------------------------------------------------------

    /**
     * Hash of a MAC for source MAC hash teaming: the uplink is the active uplink at
     * (hash mod the number of active uplinks). The default XOR-folds the six bytes.
     */
    typedef NicTeaming::MacHashCallback MacHashCallback;
    /**
     * Hash of a frame's IPv4 source and destination for IP hash teaming: the uplink is the
     * usable one at (hash mod their number). The default is source XOR destination, as
     * VMware documents it (non-IPv4 frames: the bytes at the IPv4 address offsets).
     */
    typedef NicTeaming::IpHashCallback IpHashCallback;

    /**
     * \brief Replace the source MAC hash (VMware does not publish its own).
     * \param hash the function; a null callback restores the default
     */
    void SetMacHashFunction(MacHashCallback hash);
    /**
     * \brief Replace the IP hash.
     * \param hash the function; a null callback restores the default
     */
    void SetIpHashFunction(IpHashCallback hash);
    /**
     * \param mac a MAC
     * \return the source MAC hash of it (the replaced function's, or the default)
     */
    uint32_t MacHash(Mac48Address mac) const;
    /**
     * \param src source address
     * \param dst destination address
     * \return the IP hash of the pair (the replaced function's, or the default)
     */
    uint32_t IpHash(Ipv4Address src, Ipv4Address dst) const;

    /**
     * \brief The uplink a port is teamed to, as esxtop's TEAM-PNIC shows it.
     * \param port the port
     * \return "vmnic2", "all(2)" for IP hash, "" when none is usable
     */
    std::string DescribeTeamUplink(const VSwitchPort* port) const;

    // ---- called by other parts of the module ---------------------------------------------

    /**
     * \brief A frame from a port's vNIC has crossed its channel (VnicChannel: at once, or
     *        scheduled after its Delay).
     * \param port the port
     * \param frame the frame
     */
    void ReceiveFromPort(const Ptr<VSwitchPort>& port, const Ptr<Packet>& frame);
    /**
     * \brief ReceiveFromPort() for a frame whose header the vNIC parsed already.
     * \param port the port
     * \param frame the frame
     * \param header its header
     */
    void ReceiveFromPort(const Ptr<VSwitchPort>& port,
                         const Ptr<Packet>& frame,
                         const EthernetVlanHeader& header);

    /**
     * \brief A vNIC changed its effective MAC or promiscuous mode.
     * \param port its port
     */
    void VnicChanged(Ptr<VSwitchPort> port);

    /**
     * \brief A port group's settings changed.
     * \param group the group
     */
    void PortGroupChanged(PortGroup* group);

    /**
     * \brief Check a teaming policy against this switch (uplink names, constraints).
     * \param where what is being configured, for the message
     * \param policy the policy
     */
    void CheckTeaming(const std::string& where, const TeamingPolicy& policy) const;

    /**
     * \brief Check a MAC learning policy against this switch.
     * \param where what is being configured, for the message
     * \param policy the policy
     */
    void CheckMacLearning(const std::string& where, const MacLearningPolicy& policy) const;

    // ---- overlay (NSX logical switches) ----------------------------------------------------

    /**
     * \brief Add a port group that is a logical switch: its ports form a broadcast domain of
     *        their own in this switch (not a VLAN; guest tagging ports do not see it), and
     *        what would leave by an uplink goes to the overlay instead (VSwitchOverlay).
     * \param name unique on the host
     * \param overlay the overlay (the host's VTEP); it must outlive the group
     * \param id the overlay's identifier of the group (the VNI)
     * \return the port group
     */
    Ptr<PortGroup> AddOverlayPortGroup(const std::string& name,
                                       VSwitchOverlay* overlay,
                                       uint32_t id);
    /**
     * \brief A frame the overlay decapsulated for a logical switch: it is switched as a frame
     *        from an uplink is (to the addressed port, BUM to every port of the group), with
     *        every capture point and policy, the VTEP's port as where it came from.
     * \param vtep the VTEP's own port
     * \param group the logical switch's port group
     * \param frame the inner frame
     */
    void ReceiveFromOverlay(VSwitchPort* vtep, PortGroup* group, Ptr<Packet> frame);
    /**
     * \brief Hand a frame the switch itself answers with (ARP suppression) to a port.
     * \param port the port
     * \param frame the frame
     */
    void DeliverToPort(VSwitchPort* port, Ptr<Packet> frame);
    /**
     * \brief Switch a frame a port sent earlier that the overlay held (VSwitchOverlay).
     * \param port the port
     * \param frame the frame
     */
    void ResumeFromPort(VSwitchPort* port, Ptr<Packet> frame);
    /**
     * \brief Bring every port's drop counters up to date.
     *
     * While nothing watches the Drop, PortOutput and EtherswitchOutput points, a broadcast or
     * multicast frame arriving on an uplink visits only the ports teamed to that uplink; the
     * reverse-teaming drops at the other ports of its VLAN are counted in bulk and added to
     * their counters here. VSwitchPort::GetCounters calls it, and every change of membership
     * or teaming does, so counters read anywhere are exact.
     */
    void SettleDrops();

    /**
     * \return what became of the frames the switch took in from its ports, uplinks and
     *         overlays: forwarded (at least one copy handed to a vNIC, an uplink or an
     *         overlay, whose ledgers follow it), delivered (a beacon, a frame the overlay
     *         answered itself) or dropped, per reason (FrameLedger). Frames the switch
     *         originates (RARP, beacons) are in the ledgers of the uplinks they leave by.
     */
    const FrameLedger& GetLedger() const;

  protected:
    void DoDispose() override;
    void NotifyConstructionCompleted() override;

  private:
    friend class NicTeaming;
    friend class VSwitchMacTable;

    static constexpr uint32_t kNone = 0xffffffff; //!< no uplink / port

    static constexpr uint32_t kAnyUplink = 0xfffffffe; //!< takes frames from every uplink

    /// Ports of one VLAN, rebuilt when the configuration changes.
    struct VlanPorts
    {
        uint64_t epoch{0};                         //!< configuration epoch it was built for
        std::vector<VSwitchPort*> members;         //!< ports that receive the VLAN's BUM
        std::vector<VSwitchPort*> promiscuous;     //!< members that see every frame
        std::vector<VSwitchPort*> flooding;        //!< members with learning and unicast flooding
        std::vector<VSwitchPort*> promiscRejected; //!< guest promiscuous, policy Reject
        /// Per uplink: the members a BUM frame arriving on it is for (teamed to it, or IP hash,
        /// which takes any uplink), in member order; reverse teaming drops it at the others.
        std::vector<std::vector<VSwitchPort*>> accepting;
        std::vector<uint32_t> memberUplink; //!< per member: its uplink when built (kAnyUplink)
        std::vector<uint64_t> unsettled;    //!< per uplink: BUM frames not yet counted as
                                            //!< dropped at the members not accepting them
        bool hasUnsettled{false};           //!< some unsettled count is not zero
    };

    // data path
    void ReceiveFromUplink(Ptr<L2NetDevice> device,
                           Ptr<Packet> frame,
                           const EthernetVlanHeader& header);
    void ForwardFromPort(VSwitchPort* src, SwitchedFrame& frame);
    void ForwardFromUplink(uint32_t uplink, SwitchedFrame& frame, VSwitchPort* vtep);
    void DropAtSource(uint32_t uplink,
                      VSwitchPort* vtep,
                      Ptr<const Packet> frame,
                      uint16_t vlan,
                      DropReason r);
    void DeliverLocal(VSwitchPort* dst,
                      SwitchedFrame& frame,
                      uint32_t fromUplink,
                      bool addressed = false);
    void SendToUplink(VSwitchPort* src, SwitchedFrame& frame);
    VlanPorts& GetVlanPorts(uint16_t vlan);
    /// Add a VLAN's bulk-counted reverse-teaming drops to its members' counters.
    void Settle(VlanPorts& vp);
    /// \return whether nobody observes the frames reverse teaming drops (bulk counting)
    bool CountsInBulk() const;

    /// Show a frame at a capture point; nothing to do (no context, no Ptr copy) when nobody
    /// watches it.
    template <class P>
    void Emit(CapturePoint point,
              const Ptr<P>& frame,
              CaptureDirection dir,
              uint32_t portId,
              bool uplink,
              uint16_t vlan,
              DropReason reason = DropReason::Count)
    {
        const CaptureTrace& trace = this->*kCaptureTraces[static_cast<std::size_t>(point)];
        if (!trace.IsEmpty())
        {
            FireCapture(trace, point, PeekPointer(frame), dir, portId, uplink, vlan, reason);
        }
    }

    /// Emit() for a watched capture point.
    void FireCapture(const TracedCallback<Ptr<const Packet>, const CaptureContext&>& trace,
                     CapturePoint point,
                     const Packet* frame,
                     CaptureDirection dir,
                     uint32_t portId,
                     bool uplink,
                     uint16_t vlan,
                     DropReason reason);
    void DropAtPort(VSwitchPort* port,
                    Ptr<const Packet> frame,
                    uint16_t vlan,
                    DropReason r,
                    CaptureDirection dir);
    bool SendOnUplink(NicTeaming::Uplink& up,
                      Ptr<Packet> frame,
                      const EthernetVlanHeader& h,
                      uint16_t vlan);
    void DropAtUplink(uint32_t uplink, Ptr<const Packet> frame, uint16_t vlan, DropReason r);

    // teaming
    void UplinkLinkChanged();
    void RecomputeTeaming();
    void ResolveGroup(PortGroup* group);
    void RepinPort(VSwitchPort* port, bool announce);
    void NotifySwitches(VSwitchPort* port);
    void SendRarpFrame(VSwitchPort* port, uint64_t mac);
    void ScheduleTimers();
    uint32_t FindUplink(const std::string& name) const;

    // configuration
    void CheckMac(uint64_t mac, const VSwitchPort* except) const;
    void UpdatePromiscuous(VSwitchPort* port);
    void ConfigChanged();
    uint32_t AllocatePortId();

    // attributes
    std::string m_name;            //!< Name
    std::string m_hostName;        //!< HostName
    Type m_type;                   //!< Type
    Defaults m_defaults;           //!< SecurityDefaults
    uint32_t m_portsetIndex;       //!< PortsetIndex
    bool m_uplinkBit31;            //!< UplinkPortIdBit31
    bool m_rpfCheck;               //!< ReversePathFwdCheck
    bool m_rpfCheckPromisc;        //!< ReversePathFwdCheckPromisc
    ForgedCompare m_forgedCompare; //!< ForgedTransmitsCompare
    Time m_macLearningAging;       //!< MacLearningAgingTime
    uint32_t m_rarpCount;          //!< NotifySwitchesRarpCount
    Time m_rarpInterval;           //!< NotifySwitchesRarpInterval
    Time m_beaconInterval;         //!< BeaconInterval
    uint32_t m_beaconMisses;       //!< BeaconFailureThreshold
    double m_loadThreshold;        //!< NicLoadThreshold
    Time m_loadInterval;           //!< NicLoadInterval

    // state
    SecurityPolicy m_security;                                  //!< switch security (complete)
    TeamingPolicy m_teaming;                                    //!< switch teaming (complete)
    MacLearningPolicy m_learning;                               //!< switch MAC learning (complete)
    NicTeaming m_nic;                                           //!< uplinks and teaming
    std::vector<Ptr<PortGroup>> m_groups;                       //!< port groups
    std::map<uint32_t, Ptr<VSwitchPort>> m_ports;               //!< ports by ID
    uint32_t m_nextPortIndex;                                   //!< next port index to hand out
    VSwitchMacTable m_macs;                                     //!< forwarding table
    boost::unordered_flat_map<uint16_t, VlanPorts> m_vlanPorts; //!< VLAN -> ports
    uint64_t m_epoch;                                           //!< configuration epoch
    FrameLedger m_ledger;                                       //!< frames taken in
    FrameFate* m_fate{nullptr};                                 //!< the frame in hand
    RarpScheduler m_rarp;                                       //!< RARP announcements
    DistributedSwitch* m_dvs{nullptr};                          //!< the vDS of a proxy switch
    uint16_t m_nextOverlayKey{4096}; //!< broadcast domain key of the next logical switch

    /// A capture point trace source.
    typedef TracedCallback<Ptr<const Packet>, const CaptureContext&> CaptureTrace;
    CaptureTrace m_uplinkRcvTrace;  //!< UplinkRcv
    CaptureTrace m_uplinkSndTrace;  //!< UplinkSnd
    CaptureTrace m_portInputTrace;  //!< PortInput
    CaptureTrace m_portOutputTrace; //!< PortOutput
    CaptureTrace m_dispatchTrace;   //!< EtherswitchDispatch
    CaptureTrace m_outputTrace;     //!< EtherswitchOutput
    CaptureTrace m_vnicTxTrace;     //!< VnicTx
    CaptureTrace m_vnicRxTrace;     //!< VnicRx
    CaptureTrace m_dropTrace;       //!< Drop
    /// The trace source of each capture point, in CapturePoint order.
    static CaptureTrace VSwitch::*const kCaptureTraces[kCapturePointCount];
    TracedCallback<uint32_t, const std::string&, const std::string&> m_uplinkChangeTrace;
    TracedCallback<uint32_t, Mac48Address, const std::string&> m_rarpTrace; //!< Rarp
};

} // namespace ns3

#endif /* VSWITCH_VSWITCH_H */
