/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PHYSICAL_SWITCH_H
#define VSWITCH_PHYSICAL_SWITCH_H

#include "ns3/drop-reason.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/frame-ledger.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/switch-net-device.h"
#include "ns3/switched-frame.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <array>
#include <bitset>
#include <boost/unordered/unordered_flat_map.hpp>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A VLAN-aware learning Ethernet switch, the physical switch the ESXi uplinks plug into.
 *
 * The switch is a NetDevice on its own node; its ports are EthernetNetDevices on that node
 * (added with AddPort, normally by PhysicalSwitchHelper) and are named like a Cisco
 * switch's ("Gi0/1"). It models:
 *
 *  - per-VLAN MAC learning keyed by (VLAN, MAC), dynamic entries that age out after
 *    `MacAgingTime` (checked lazily on lookup) and static entries; entries on a port
 *    whose link goes down are flushed;
 *  - flooding of broadcast, multicast and unknown unicast to the other ports of the VLAN,
 *    never back out of the port (or port-channel) a frame came in on;
 *  - access ports (one VLAN, untagged) and 802.1Q trunk ports (allowed VLAN list, native
 *    VLAN untagged); a frame of a VLAN the port does not carry is dropped (DropReason::Vlan);
 *  - SPAN mirror sessions (source ports, rx / tx / both, one destination port). A copy
 *    leaves the destination exactly as it was on the source port's wire (tags included;
 *    Cisco's "encapsulation replicate"). A destination port does not take part in
 *    switching: frames received on it are dropped (MirrorDestination);
 *  - static link aggregation: a port-channel of member ports is one port for learning and
 *    flooding; each frame leaves on one member chosen by `LagHash` (source and destination
 *    IP by default, MACs for non-IP frames) among the members whose link is up; members
 *    must be configured alike (a real switch suspends the odd one);
 *  - fault injection at run time: administrative shutdown of a port (the link goes down at
 *    both ends) and a blackhole that eats received and/or transmitted frames while the
 *    link stays up;
 *  - storm control per port and kind of received traffic (broadcast, multicast, unknown
 *    unicast): frames of that kind beyond a level (percent of the port's bandwidth) per
 *    `StormControlInterval` are dropped (DropReason::StormControl); level 0 drops them all;
 *  - `show mac address-table` in Cisco IOS layout, and the same table as data.
 *
 * The switch has no management interface: Send() refuses, and frames are never delivered
 * to the switch node's own stack.
 *
 * Forwarding is synchronous inside the receive of the ingress port: a frame crossing the
 * switch costs no scheduled event of its own.
 */
class PhysicalSwitch : public SwitchNetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// 802.1Q mode of a port.
    enum class PortMode
    {
        Access, //!< one VLAN, untagged
        Trunk   //!< allowed VLANs tagged, native VLAN untagged
    };

    /// Which frames of a source port a mirror session copies.
    enum class MirrorDirection
    {
        Rx,  //!< frames received on the source port
        Tx,  //!< frames transmitted on the source port
        Both //!< both
    };

    /// Which direction a blackholed port eats.
    enum class Blackhole
    {
        None, //!< no fault
        Rx,   //!< frames arriving on the port are dropped
        Tx,   //!< frames that would leave through the port are dropped
        Both  //!< both directions
    };

    /// Which received frames storm control measures (Cisco's `storm-control` keywords).
    enum class StormTraffic : uint8_t
    {
        Broadcast = 0, //!< `broadcast`: destination ff:ff:ff:ff:ff:ff
        Multicast,     //!< `multicast`: other group destinations
        UnknownUnicast //!< `unicast`: unicast to a MAC the switch has not learned
    };

    /// How a port-channel picks the member for a frame.
    enum class LagHash
    {
        SrcDstIp,  //!< XOR of source and destination IP (MACs for non-IP)
        SrcDstMac, //!< XOR of source and destination MAC
        SrcIp,     //!< source IP (source MAC for non-IP)
        DstIp,     //!< destination IP (destination MAC for non-IP)
        SrcMac,    //!< source MAC
        DstMac     //!< destination MAC
    };

    /// One row of the MAC address table.
    struct MacTableEntry
    {
        uint16_t vlan;    //!< VLAN
        Mac48Address mac; //!< MAC address
        bool isStatic;    //!< STATIC (true) or DYNAMIC
        std::string port; //!< port or port-channel name
        Time lastSeen;    //!< when a dynamic entry was last refreshed
    };

    /// 802.1Q configuration of a port or port-channel.
    struct VlanConfig
    {
        PortMode mode{PortMode::Access}; //!< access or trunk
        uint16_t accessVlan{1};          //!< VLAN of an access port
        uint16_t nativeVlan{1};          //!< untagged VLAN of a trunk
        std::bitset<4096> allowed;       //!< VLANs a trunk carries

        /**
         * \param other another configuration
         * \return whether both carry the same VLANs the same way (the same mode, and the
         *         same VLAN for access ports, the same allowed list and native VLAN for
         *         trunks; settings the mode does not use are ignored)
         */
        bool SameAs(const VlanConfig& other) const;

        /// \return e.g. "an access port in VLAN 10", "a trunk of VLANs 10,20-22 with native
        ///         VLAN 1"
        std::string Describe() const;
    };

    /**
     * TracedCallback signature for frames the switch drops.
     * \param frame the frame
     * \param port index of the port it was received on or meant to leave by
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> frame, uint32_t port, DropReason reason);

    /**
     * TracedCallback signature for MAC learning.
     * \param vlan the VLAN
     * \param mac the learned MAC
     * \param port index of the bridge port (port or port-channel) it was learned on
     */
    typedef void (*LearnTracedCallback)(uint16_t vlan, Mac48Address mac, uint32_t port);

    /**
     * TracedCallback signature for flooded frames.
     * \param frame the frame as received
     * \param vlan the VLAN it is flooded in
     */
    typedef void (*FloodTracedCallback)(Ptr<const Packet> frame, uint32_t vlan);

    PhysicalSwitch();
    ~PhysicalSwitch() override;

    /// \return the switch's name (the `Name` attribute) for messages and tables
    std::string GetName() const;

    /**
     * \brief Add a port. The device must be on the switch's node and not yet used.
     *
     * A new port is an access port in VLAN 1, up, with no fault.
     * \param device the port's EthernetNetDevice
     * \param name its name, e.g. "Gi0/1" (unique within the switch)
     * \return the port's index
     */
    uint32_t AddPort(Ptr<EthernetNetDevice> device, const std::string& name);

    /// \return the number of ports
    uint32_t GetNPorts() const;
    /// \param name a port name \return whether the switch has that port
    bool HasPort(const std::string& name) const;
    /// \param name a port name \return its device (ConfigError when unknown)
    Ptr<EthernetNetDevice> GetPortDevice(const std::string& name) const;
    /// \param index a port index \return its device
    Ptr<EthernetNetDevice> GetPortDevice(uint32_t index) const;
    /// \param index a port index \return its name
    std::string GetPortName(uint32_t index) const;
    /// \param name a port name \return its index (ConfigError when unknown)
    uint32_t GetPortIndex(const std::string& name) const;
    /// \return the port names in index order
    std::vector<std::string> GetPortNames() const;

    /**
     * \brief Make a port (or port-channel) an access port.
     * \param port port or port-channel name
     * \param vlan its VLAN, 1-4094
     */
    void SetAccessPort(const std::string& port, uint16_t vlan);

    /**
     * \brief Make a port (or port-channel) an 802.1Q trunk.
     * \param port port or port-channel name
     * \param allowed the VLANs it carries, 1-4094 each; empty means all
     * \param nativeVlan the VLAN sent and received untagged, 1-4094
     */
    void SetTrunkPort(const std::string& port,
                      const std::vector<uint16_t>& allowed,
                      uint16_t nativeVlan = 1);

    /// \param port port or port-channel name \return its VLAN configuration
    const VlanConfig& GetVlanConfig(const std::string& port) const;

    /**
     * \brief Add a SPAN session.
     * \param sources source ports (not port-channels)
     * \param direction which frames of the sources to copy
     * \param destination the port that receives the copies
     * \return the session index
     */
    uint32_t AddMirrorSession(const std::vector<std::string>& sources,
                              MirrorDirection direction,
                              const std::string& destination);

    /**
     * \brief Bundle ports into a static port-channel.
     *
     * The members must carry the same VLANs the same way (VlanConfig::SameAs): a real
     * switch suspends a member whose configuration differs from the bundle's, so a
     * mismatch is a ConfigError naming the port-channel and both members (see
     * LagMemberMismatch). The port-channel takes that common configuration; configure it
     * afterwards by its name.
     * \param name the port-channel name, e.g. "Po1"
     * \param members member ports (two or more, none in another port-channel, configured
     *        alike)
     */
    void AddLag(const std::string& name, const std::vector<std::string>& members);

    /**
     * \brief What is wrong with a port-channel whose members are configured differently.
     *
     * The same text for the model's ConfigError and for the scenario loader's check.
     * \param lag the port-channel name
     * \param first its first member
     * \param firstConfig the first member's configuration
     * \param member the member that differs
     * \param memberConfig its configuration
     * \return the message, naming the port-channel and both members, what a real switch
     *         does and what to do
     */
    static std::string LagMemberMismatch(const std::string& lag,
                                         const std::string& first,
                                         const VlanConfig& firstConfig,
                                         const std::string& member,
                                         const VlanConfig& memberConfig);

    /// \param name a port-channel name \return whether it exists
    bool HasLag(const std::string& name) const;

    /**
     * \brief `shutdown` / `no shutdown` on a port; usable while the simulation runs.
     * \param port port name
     * \param up false to shut it down
     */
    void SetPortAdminUp(const std::string& port, bool up);

    /**
     * \brief Make a port eat frames in one or both directions while its link stays up.
     * \param port port name
     * \param direction which direction (None removes the fault)
     */
    void SetBlackhole(const std::string& port, Blackhole direction);

    /**
     * \brief `storm-control {broadcast|multicast|unicast} level L` on a port; usable while
     *        the simulation runs.
     *
     * The port measures the frames of that kind it receives per `StormControlInterval`
     * (intervals start at multiples of it from time 0), each counted with the line time it
     * took (frame, FCS, preamble, inter-frame gap). Once they exceed `level` percent of the
     * port's DataRate over the interval, the rest of that interval's frames of the kind are
     * dropped (DropReason::StormControl), as Cisco describes it. Frames are classified as
     * forwarding would: unknown unicast is unicast to a MAC not learned in its VLAN. The
     * source MAC of a dropped frame is still learned, and SPAN sessions still copy it.
     * \param port port name, or a port-channel name for every member
     * \param traffic which frames
     * \param level percent of the port's bandwidth, 0-100: 0 drops every such frame, 100
     *        lifts the control
     */
    void SetStormControl(const std::string& port, StormTraffic traffic, double level);

    /**
     * \param port a port name
     * \param traffic which frames
     * \return the storm control level of that kind of traffic on the port (100: none)
     */
    double GetStormControl(const std::string& port, StormTraffic traffic) const;

    /**
     * \brief Add a static MAC entry.
     * \param vlan the VLAN, 1-4094
     * \param mac a unicast MAC
     * \param port port or port-channel name
     */
    void AddStaticMacEntry(uint16_t vlan, Mac48Address mac, const std::string& port);

    /// Remove every dynamic MAC entry (`clear mac address-table dynamic`).
    void ClearDynamicMacEntries();

    /**
     * \brief Where a MAC is learned, as forwarding would see it now.
     * \param vlan the VLAN
     * \param mac the MAC
     * \return the port or port-channel name, or "" when unknown (or aged out)
     */
    std::string LookupMac(uint16_t vlan, Mac48Address mac) const;

    /// \return the MAC address table, live entries only, sorted by VLAN then MAC
    std::vector<MacTableEntry> GetMacTable() const;

    /**
     * \brief Print `show mac address-table` as Cisco IOS prints it.
     * \param os the stream
     */
    void ShowMacAddressTable(std::ostream& os) const;

    /// \return the same as ShowMacAddressTable(), as a string
    std::string ShowMacAddressTable() const;

    /**
     * \param port a port name
     * \return frames the switch dropped that arrived on or were meant for the port, per
     *         reason (the port device's own drops, e.g. queue-full, included)
     */
    DropCounters GetPortDrops(const std::string& port) const;

    /**
     * \return what became of the frames the ports gave the switch: forwarded (at least one
     *         copy handed to an egress port, whose transmit ledger follows it) or dropped,
     *         per reason (FrameLedger); SPAN copies are the destination port's only
     */
    const FrameLedger& GetLedger() const;

  protected:
    void DoDispose() override;

  private:
    static constexpr uint32_t kNone = 0xffffffff; //!< no port

    /// Storm control of one kind of received traffic on one port.
    struct StormMeter
    {
        double level{100};    //!< percent of the port's bandwidth; 100: off
        uint64_t budget{0};   //!< line bytes allowed in the current interval
        uint64_t received{0}; //!< line bytes of this kind received in the current interval
        Time intervalEnd{0};  //!< end of the current interval
    };

    /// A physical port.
    struct Port
    {
        Ptr<EthernetNetDevice> device;   //!< the port device
        std::string name;                //!< its name
        uint32_t bridgePort{kNone};      //!< the bridge port it belongs to
        uint32_t lag{kNone};             //!< bridge port of its port-channel, if any
        bool mirrorDestination{false};   //!< SPAN destination
        bool blackholeRx{false};         //!< eat received frames
        bool blackholeTx{false};         //!< eat transmitted frames
        std::vector<uint32_t> rxMirrors; //!< sessions copying its received frames
        std::vector<uint32_t> txMirrors; //!< sessions copying its transmitted frames
        uint8_t stormControlled{0};      //!< bit per StormTraffic whose level is below 100
        std::array<StormMeter, 3> storm; //!< storm control per StormTraffic
        DropCounters drops;              //!< frames the switch dropped here
    };

    /// A port as learning and flooding see it: one physical port or a port-channel.
    struct BridgePort
    {
        std::string name;              //!< port or port-channel name
        bool isLag{false};             //!< a port-channel
        bool active{true};             //!< false once its port joined a port-channel
        std::vector<uint32_t> members; //!< physical ports (one unless a port-channel)
        VlanConfig vlan;               //!< 802.1Q configuration
    };

    /// A SPAN session.
    struct MirrorSession
    {
        std::vector<uint32_t> sources; //!< source ports
        MirrorDirection direction;     //!< what is copied
        uint32_t destination;          //!< destination port
    };

    /// One MAC table entry.
    struct MacEntry
    {
        uint32_t bridgePort; //!< where the MAC lives
        Time lastSeen;       //!< last refresh
        bool isStatic;       //!< static entry
    };

    /// The flooding list of one VLAN, rebuilt when the configuration changes.
    struct FloodList
    {
        uint64_t epoch{0};           //!< configuration epoch it was built for
        std::vector<uint32_t> ports; //!< active bridge ports carrying the VLAN
    };

    /// Receive hook of every port device.
    void ReceiveFromPort(Ptr<L2NetDevice> device,
                         Ptr<Packet> frame,
                         const EthernetVlanHeader& header);
    /// Forward a classified frame.
    void Forward(SwitchedFrame& frame, uint32_t inBridgePort, uint32_t inPort);
    /// Send a frame out of one bridge port.
    void Egress(SwitchedFrame& frame, uint32_t bridgePort, bool flooded);
    /// Copy a frame to the destinations of some mirror sessions.
    void Mirror(const std::vector<uint32_t>& sessions,
                Ptr<const Packet> frame,
                const EthernetVlanHeader& header,
                uint64_t& copied);
    /// Learn a source MAC.
    void Learn(uint16_t vlan, uint64_t mac, uint32_t bridgePort);
    /// Find a live MAC entry (erases an aged one).
    MacEntry* Lookup(uint16_t vlan, uint64_t mac);
    /// Storm control: count a received frame of a kind; true when it is to be dropped.
    bool StormControlDrops(Port& port, StormTraffic traffic, uint32_t frameBytes);
    /// Pick the member of a port-channel for a frame.
    uint32_t SelectMember(const BridgePort& lag, const SwitchedFrame& frame) const;
    /// Flood list of a VLAN.
    const std::vector<uint32_t>& GetFloodList(uint16_t vlan);
    /// Record a drop.
    void Drop(Ptr<const Packet> frame, uint32_t port, DropReason reason);
    /// Drop trace of a port device (context: the port index).
    void DeviceDrop(std::string context, Ptr<const Packet> frame, DropReason reason);
    /// A port link changed.
    void LinkChanged();
    /// Remove dynamic entries of a bridge port.
    void FlushBridgePort(uint32_t bridgePort);
    /// Configuration changed: flood lists are stale.
    void ConfigChanged();
    /// LagHash attribute setter (EnumValue carries an int).
    void SetLagHashValue(int hash);
    /// \return LagHash attribute as an int
    int GetLagHashValue() const;

    /// \return the port index for a name, or a ConfigError naming the choices
    uint32_t FindPort(const std::string& name) const;
    /// \return the bridge port index for a port or port-channel name
    uint32_t FindBridgePort(const std::string& name) const;
    /// \return a readable list of the ports, for error messages
    std::string DescribePorts() const;
    /// Check a VLAN ID is 1-4094.
    void CheckVlan(const std::string& where, uint16_t vlan) const;
    /// \return the table key of (vlan, mac)
    static uint64_t Key(uint16_t vlan, uint64_t mac);

    std::string m_name;                                 //!< name for messages
    Time m_agingTime;                                   //!< MacAgingTime
    Time m_stormInterval;                               //!< StormControlInterval
    LagHash m_lagHash;                                  //!< LagHash
    std::vector<Port> m_ports;                          //!< physical ports
    std::vector<BridgePort> m_bridgePorts;              //!< ports and port-channels
    std::vector<uint32_t> m_portOfIfIndex;              //!< node interface index -> port index
    std::map<std::string, uint32_t> m_portByName;       //!< port name -> index
    std::map<std::string, uint32_t> m_bridgePortByName; //!< bridge port name -> index
    std::vector<MirrorSession> m_mirrors;               //!< SPAN sessions
    boost::unordered_flat_map<uint64_t, MacEntry> m_macTable;    //!< (VLAN, MAC) -> entry
    boost::unordered_flat_map<uint16_t, FloodList> m_floodLists; //!< VLAN -> flood list
    uint64_t m_configEpoch;                                      //!< bumped on configuration change
    TracedValue<uint32_t> m_macTableSize;                        //!< entries in the table
    FrameLedger m_ledger;                                        //!< frames the ports gave
    FrameFate* m_fate{nullptr};                                  //!< the frame in hand

    TracedCallback<Ptr<const Packet>, uint32_t, DropReason> m_dropTrace; //!< Drop
    TracedCallback<uint16_t, Mac48Address, uint32_t> m_learnTrace;       //!< Learn
    TracedCallback<Ptr<const Packet>, uint32_t> m_floodTrace;            //!< Flood
};

/**
 * \brief Print a MAC the way Cisco IOS does: "0050.5660.e5ed".
 * \param mac the MAC
 * \return the text
 */
std::string CiscoMacString(Mac48Address mac);

} // namespace ns3

#endif /* VSWITCH_PHYSICAL_SWITCH_H */
