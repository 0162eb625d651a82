/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VTEP_H
#define VSWITCH_VTEP_H

#include "logical-switch.h"
#include "vtep-tables.h"

#include "ns3/callback.h"
#include "ns3/drop-reason.h"
#include "ns3/frame-ledger.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ns3/vswitch-overlay.h"

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class DistributedSwitch;
class EsxiHost;
class Ipv4L3Protocol;
class Ipv4StaticRouting;
class Node;
class NsxControllerCluster;
class PortGroup;
class VnicNetDevice;
class VSwitch;
class VSwitchPort;
class VxlanL4Protocol;

/**
 * \ingroup vswitch
 * \brief A host's VXLAN tunnel end point (spec section 9): a VMkernel NIC on a distributed
 *        switch, on a TCP/IP stack of its own, that carries the host's logical switches.
 *
 * The VTEP's vmknic (`vmk3` in seed 2) is a port of the host's proxy switch in the
 * `vxw-vmknicPg-<switch>-<vlan>` port group (the transport VLAN, switch tagging), and lives
 * on a node of its own: the `vxlan` netstack, with its own routes (its subnet, a default
 * route to its gateway) and its own ARP table, apart from the host's management stack.
 *
 * Each logical switch the VTEP carries is a port group of the proxy switch
 * (VSwitch::AddOverlayPortGroup). A VM frame that no local port takes alone is
 * encapsulated here: Ethernet / IPv4 (DF set, TTL `Ttl`) / UDP (destination `UdpPort`,
 * source a hash of the inner headers, checksum zero) / VXLAN (the VNI) / the frame, sent
 * by the netstack's IPv4 (VxlanL4Protocol). A frame too large for the transport once the 50
 * bytes of encapsulation are added (the vmknic's MTU, which is the distributed switch's, the
 * uplinks' MTU, and the routed path's, UnderlayRouting::PathMtu) is dropped at the VM's
 * port with reason `mtu`. BUM and unknown unicast go to the VNI's VTEPs by its replication
 * mode; a received packet is learned (inner source MAC -> outer source IP, `MacAgingTime`),
 * replicated in the own segment when it is marked for that (this VTEP is the segment's
 * UTEP/MTEP), stripped and switched by the proxy switch like a frame from an uplink.
 *
 * With the controller cluster the VTEP reports joining a VNI (its first VM there), the
 * MACs its VMs send from and (with ARP suppression) the IP-MAC bindings they announce in
 * ARP, GARP and DHCP ACK; it asks on a miss. ARP suppression answers a VM's ARP request
 * from the host's table or the controller's; only when neither knows it is flooded.
 */
class Vtep : public Object, public VSwitchOverlay
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// How the VTEP is set up.
    struct Config
    {
        std::string vmknic{"vmk3"};     //!< the vmknic's name
        Ipv4Address ip;                 //!< its IP
        Ipv4Mask mask{"255.255.255.0"}; //!< its mask
        Ipv4Address gateway;            //!< its default gateway (0.0.0.0: none)
        uint16_t vlan{0};               //!< the transport VLAN (0: untagged)
        Mac48Address mac;               //!< its MAC (00:00:00:00:00:00: VMware's VMkernel range)
    };

    /// What the VTEP counted.
    struct Counters
    {
        uint64_t encapsulated{0};  //!< VXLAN packets sent (every copy)
        uint64_t decapsulated{0};  //!< VXLAN packets received and delivered
        uint64_t replicated{0};    //!< copies sent as a segment's UTEP/MTEP
        uint64_t arpSuppressed{0}; //!< ARP requests answered by the host
        uint64_t arpFlooded{0};    //!< ARP requests flooded after a controller miss
        /// Drops no port counts, per reason: VXLAN packets for a VNI not carried (vni), outer
        /// packets ns-3's ARP dropped (queue-full), the copies of a BUM frame that did not
        /// fit while others did (mtu). A frame dropped whole is counted at the VM's port
        /// only (the Drop trace source shows both kinds).
        DropCounters drops;
    };

    /// The underlay's path MTU to an IP (0: not known).
    typedef Callback<uint16_t, Ipv4Address> PathMtuCallback;
    /// The UDP source port for an inner frame.
    typedef Callback<uint16_t, Ptr<const Packet>> SourcePortCallback;

    /**
     * TracedCallback signature for VXLAN traffic.
     * \param inner the inner frame
     * \param vni the VNI
     * \param peer the remote VTEP (or multicast group)
     */
    typedef void (*VxlanTracedCallback)(Ptr<const Packet> inner, uint32_t vni, Ipv4Address peer);
    /**
     * TracedCallback signature for a drop at the VTEP.
     * \param packet the frame (or VXLAN payload)
     * \param vni the VNI
     * \param reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, uint32_t vni, DropReason reason);
    /**
     * TracedCallback signature for an ARP request the host answered itself.
     * \param vni the VNI
     * \param ip the IP asked for
     * \param mac the MAC answered
     */
    typedef void (*ArpTracedCallback)(uint32_t vni, Ipv4Address ip, Mac48Address mac);

    Vtep();
    ~Vtep() override;

    /**
     * \brief Create the vmknic, its netstack and its port, and connect to the controllers.
     *        The VTEP is aggregated to its netstack node (GetNetstack), so Simulator::Destroy
     *        disposes it.
     * \param host the host
     * \param dvs a distributed switch the host is a member of
     * \param config the settings
     * \param cluster the controller cluster (nullptr: none, multicast replication only)
     */
    void Install(Ptr<EsxiHost> host,
                 Ptr<DistributedSwitch> dvs,
                 const Config& config,
                 Ptr<NsxControllerCluster> cluster);

    /**
     * \brief Carry a logical switch: its port group appears on the host's proxy switch.
     * \param ls the logical switch (ConfigError when its name is a port group already)
     * \return the port group
     */
    Ptr<PortGroup> AddLogicalSwitch(Ptr<LogicalSwitch> ls);

    /// \return the host
    Ptr<EsxiHost> GetHost() const;
    /// \return the proxy switch
    Ptr<VSwitch> GetVSwitch() const;
    /// \return the distributed switch
    Ptr<DistributedSwitch> GetDistributedSwitch() const;
    /// \return the `vxlan` netstack node
    Ptr<Node> GetNetstack() const;
    /// \return the vmknic
    Ptr<VnicNetDevice> GetDevice() const;
    /// \return the vmknic's port
    Ptr<VSwitchPort> GetPort() const;
    /// \return the vmknic's name
    std::string GetVmknicName() const;
    /// \return the IP
    Ipv4Address GetIp() const;
    /// \return the mask
    Ipv4Mask GetMask() const;
    /// \return the segment (network address)
    Ipv4Address GetSegment() const;
    /// \return the gateway
    Ipv4Address GetGateway() const;
    /// \return the MAC
    Mac48Address GetMac() const;
    /// \return the transport VLAN
    uint16_t GetVlan() const;
    /// \return the VTEP as the control plane lists it
    VtepRecord GetRecord() const;

    /**
     * \param cb the underlay's path MTU to a destination (0: not known); a null callback
     *        restores the default, UnderlayRouting::PathMtu from the vxlan netstack
     */
    void SetPathMtuFunction(PathMtuCallback cb);
    /**
     * \param dst a remote VTEP or group
     * \return the largest IPv4 packet the transport carries to it
     */
    uint16_t GetTransportMtu(Ipv4Address dst) const;
    /// \param cb the source port function (a null callback restores the default)
    void SetSourcePortFunction(SourcePortCallback cb);
    /**
     * \brief The UDP source port for an inner frame: by default a hash (FNV-1a) of its MACs,
     *        EtherType and, for IPv4, addresses, protocol and TCP/UDP ports, into 49152-65535.
     * \param inner the inner frame
     * \return the port
     */
    uint16_t SourcePort(Ptr<const Packet> inner) const;

    // ---- from the controller cluster ----------------------------------------------------------

    /// \param vni a VNI \param vteps its VTEPs (the owner's push; this VTEP's own included)
    void UpdateVteps(uint32_t vni, std::vector<VtepRecord> vteps);
    /// \param vni VNI \param mac MAC asked for \param found known \param ip its VTEP
    void AnswerMac(uint32_t vni, Mac48Address mac, bool found, Ipv4Address ip);
    /// \param vni VNI \param ip IP asked for \param found known \param mac its MAC
    void AnswerArp(uint32_t vni, Ipv4Address ip, bool found, Mac48Address mac);
    /// \param vni a VNI whose owner changed: report this host's part of it again
    void ReportAgain(uint32_t vni);

    // ---- data and views -------------------------------------------------------------------

    /// \return the VNIs carried, in order
    std::vector<uint32_t> GetVnis() const;
    /// \param vni a VNI \return the host's tables for it, or nullptr when not carried
    const VtepTables* GetTables(uint32_t vni) const;
    /// \return the counters
    const Counters& GetCounters() const;
    /**
     * \return what became of the inner frames the vSwitch gave the VTEP to send: forwarded
     *         (at least one VXLAN copy handed to the vxlan netstack) or dropped, per reason
     *         (mtu, no-uplink, vni, no-egress: no VTEP to send a BUM frame to) (FrameLedger)
     */
    const FrameLedger& GetTxLedger() const;
    /**
     * \return what became of the VXLAN packets the VTEP received: forwarded (decapsulated
     *         into the vSwitch) or dropped (corrupt, vni); copies it replicates as a UTEP or
     *         MTEP are extra, like a SPAN session's
     */
    const FrameLedger& GetRxLedger() const;
    /**
     * \param vni a VNI
     * \param outerIp a remote VTEP's IP
     * \return the outer MAC the host shows for it: the VTEP's in the own segment, else the
     *         gateway's (00:00:00:00:00:00 while not known)
     */
    Mac48Address OuterMacFor(uint32_t vni, Ipv4Address outerIp) const;

    /// `esxcli network vswitch dvs vmware vxlan network vtep list` \param os \param vni
    void PrintVtepList(std::ostream& os, uint32_t vni) const;
    /// `esxcli network vswitch dvs vmware vxlan network mac list` \param os \param vni
    void PrintMacList(std::ostream& os, uint32_t vni) const;
    /// `esxcli network vswitch dvs vmware vxlan network arp list` \param os \param vni
    void PrintArpList(std::ostream& os, uint32_t vni) const;
    /// `esxcli network ip route ipv4 list -N vxlan` \param os the stream
    void PrintRoutes(std::ostream& os) const;
    /// `esxcli network ip neighbor list -N vxlan` \param os the stream
    void PrintNeighbors(std::ostream& os) const;
    /// `esxcli network ip connection list` (netcpa to each controller) \param os the stream
    void PrintConnections(std::ostream& os) const;

    // ---- VSwitchOverlay -------------------------------------------------------------------

    Verdict FromPort(VSwitchPort* port,
                     PortGroup* group,
                     Ptr<const Packet> frame,
                     const EthernetVlanHeader& header) override;
    DropReason Transmit(VSwitchPort* port,
                        PortGroup* group,
                        Ptr<Packet> frame,
                        const EthernetVlanHeader& header) override;
    void PortJoined(VSwitchPort* port, PortGroup* group) override;
    void PortLeft(VSwitchPort* port, PortGroup* group) override;

  protected:
    void DoDispose() override;

  private:
    /// Transmit() without the ledger: send a frame's VXLAN copies \return why none left
    /// (DropReason::Count: at least one did)
    DropReason Encapsulate(PortGroup* group, Ptr<Packet> frame, const EthernetVlanHeader& h);

    /// An ARP request held while the controller is asked.
    struct HeldArp
    {
        Ptr<VSwitchPort> port; //!< the asking VM's port
        Ptr<Packet> frame;     //!< the request
        Mac48Address mac;      //!< the asking VM's MAC
        Ipv4Address ip;        //!< its IP
    };

    /// A VNI the VTEP carries.
    struct Vni
    {
        Ptr<LogicalSwitch> ls;                            //!< the logical switch
        Ptr<PortGroup> group;                             //!< its port group here
        VtepTables tables;                                //!< the host's tables
        std::vector<VSwitchPort*> ports;                  //!< local ports on it
        bool joined{false};                               //!< reported to the controller
        std::set<uint64_t> reportedMacs;                  //!< local MACs reported
        std::map<uint32_t, Mac48Address> reportedArps;    //!< local bindings reported
        std::map<uint32_t, std::vector<HeldArp>> heldArp; //!< IP asked for -> held requests
        std::set<uint64_t> macQueries;                    //!< MACs asked for, no answer yet
    };

    void Receive(Ptr<Packet> payload, Ipv4Address src, Ipv4Address dst, uint16_t srcPort);
    /// Add a VTEP learned from the data plane (LearnVteps) to a VNI's VTEP list.
    void LearnVtep(Vni& v, Ipv4Address ip);
    DropReason SendCopy(Vni& v,
                        Ptr<const Packet> inner,
                        Ipv4Address dst,
                        bool replicate,
                        bool proxied);
    DropReason Flood(Vni& v, Ptr<const Packet> inner);
    void ReplicateInSegment(Vni& v, Ptr<const Packet> inner, Ipv4Address from);
    void QueryMac(Vni& v, Mac48Address mac);
    void Reply(const HeldArp& held, Mac48Address ownerMac, Ipv4Address ownerIp);
    void Drop(Ptr<const Packet> p, uint32_t vni, DropReason r);
    bool ControllerUp(uint32_t vni) const;
    uint16_t LocalMtu() const;
    void NoteArp(Ptr<NetDevice>,
                 Ptr<const Packet> p,
                 uint16_t,
                 const Address&,
                 const Address&,
                 NetDevice::PacketType);
    Vni* VniOf(const PortGroup* group);
    void ArpDropped(Ptr<const Packet> p);

    // attributes
    uint16_t m_udpPort;       //!< UdpPort
    uint8_t m_ttl;            //!< Ttl
    Time m_macAging;          //!< MacAgingTime
    bool m_learnVteps{false}; //!< LearnVteps
    Time m_arpTimeout;        //!< ArpTimeout

    Ptr<EsxiHost> m_host;                //!< host
    Ptr<DistributedSwitch> m_dvs;        //!< distributed switch
    Ptr<VSwitch> m_vswitch;              //!< its proxy on the host
    Ptr<NsxControllerCluster> m_cluster; //!< controllers (may be null)
    Ptr<Node> m_netstack;                //!< the vxlan netstack
    Ptr<Ipv4L3Protocol> m_ipv4;          //!< its IPv4
    Ptr<Ipv4StaticRouting> m_routing;    //!< its routes
    Ptr<VxlanL4Protocol> m_udp;          //!< its UDP for VXLAN
    Ptr<VnicNetDevice> m_device;         //!< the vmknic
    Ptr<VSwitchPort> m_port;             //!< its port
    Config m_config;                     //!< settings
    Ipv4Address m_segment;               //!< segment
    std::map<uint32_t, Vni> m_vnis;      //!< VNI -> state
    Counters m_counters;                 //!< counters
    FrameLedger m_txLedger;              //!< inner frames given to send
    FrameLedger m_rxLedger;              //!< VXLAN packets received
    PathMtuCallback m_pathMtu;           //!< path MTU
    SourcePortCallback m_sourcePort;     //!< source port function
    mutable uint16_t m_localMtu{0};      //!< min(vmknic, uplinks) MTU, computed on first use
    mutable std::map<uint32_t, uint16_t> m_pathMtus; //!< destination -> routed path MTU
    std::map<uint32_t, Time> m_arpSeen;              //!< neighbour IP -> when its ARP was last seen

    TracedCallback<Ptr<const Packet>, uint32_t, Ipv4Address> m_encapTrace; //!< Encapsulate
    TracedCallback<Ptr<const Packet>, uint32_t, Ipv4Address> m_decapTrace; //!< Decapsulate
    TracedCallback<Ptr<const Packet>, uint32_t, DropReason> m_dropTrace;   //!< Drop
    TracedCallback<uint32_t, Ipv4Address, Mac48Address> m_arpTrace;        //!< ArpSuppressed
};

} // namespace ns3

#endif /* VSWITCH_VTEP_H */
