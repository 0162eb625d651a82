/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ESXI_HOST_H
#define VSWITCH_ESXI_HOST_H

#include "vswitch-port.h"
#include "vswitch.h"

#include "ns3/ethernet-helper.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class PhysicalSwitch;
class PortGroup;
class VnicNetDevice;

/**
 * \ingroup vswitch
 * \brief An ESXi host: its physical NICs (vmnicN), vSwitches, VMkernel NICs and VMs, and
 *        the views an administrator reads on it (net-stats -l, esxtop, esxcli).
 *
 * Aggregated to the host's Node (EsxiHost::FromNode). Built by EsxiHostHelper; a nested
 * ESXi host is an EsxiHost on a VM node whose NICs are that VM's vNICs.
 */
class EsxiHost : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// One virtual or uplink port as the inspection views show it.
    struct PortView
    {
        uint32_t portId;             //!< port ID
        uint32_t type;               //!< net-stats type: 3 vmknic, 4 uplink, 5 VM vNIC
        uint32_t subType;            //!< net-stats subtype (9 for vmxnet3, else 0)
        std::string vswitch;         //!< switch name (DvsPortset-N for a distributed one)
        std::string switchName;      //!< the switch's own name (a distributed switch's too)
        uint32_t dvPort{0xffffffff}; //!< dvPort number (VSwitchPort::kNoDvPort: none)
        std::string portGroup;       //!< port group ("" for uplinks)
        Mac48Address mac;            //!< MAC (effective, for vNICs)
        std::string client;          //!< vmnic2, vmk0, vm1.eth0
        std::string teamUplink;      //!< TEAM-PNIC: uplink name, "all(n)", "-" (uplinks), "n/a"
        uint32_t uplinkPortId;       //!< port ID of that uplink (0 when none)
        std::string ip;              //!< the vNIC's first IPv4 address, "" when none
        uint64_t txFrames;           //!< frames the client sent
        uint64_t txBytes;            //!< their bytes
        uint64_t rxFrames;           //!< frames the client received
        uint64_t rxBytes;            //!< their bytes
        uint64_t txDrops;            //!< frames the client sent that were dropped
        uint64_t rxDrops;            //!< frames for the client that were dropped
        DropCounters drops;          //!< drops at this port per reason
    };

    EsxiHost();
    ~EsxiHost() override;

    /**
     * \param node a node
     * \return the EsxiHost aggregated to it, or nullptr
     */
    static Ptr<EsxiHost> FromNode(Ptr<Node> node);

    /// \return the host name
    std::string GetName() const;
    /// \return the host node
    Ptr<Node> GetNode() const;
    /// \return the outer host when this is a nested host, else nullptr
    Ptr<EsxiHost> GetOuterHost() const;

    // ---- NICs -------------------------------------------------------------------------

    /**
     * \brief Add a physical NIC (used by EsxiHostHelper).
     * \param name vmnicN
     * \param device the device, on the host node
     */
    void AddNic(const std::string& name, Ptr<L2NetDevice> device);
    /**
     * \brief The MAC a physical NIC of this host gets: the `NicOui` vendor prefix, then 19
     *        bits of the node ID and 5 bits of the NIC's index (up to 32 NICs per host), so
     *        that MACs are unique and the same in every run of the same topology.
     * \param index the NIC's index on the host (0 for the first)
     * \return the MAC
     */
    Mac48Address MakeNicMac(uint32_t index) const;
    /// \param name a NIC name \return the NIC (ConfigError when unknown)
    Ptr<L2NetDevice> GetNic(const std::string& name) const;
    /// \return the NIC names in order
    std::vector<std::string> GetNicNames() const;

    /**
     * \brief Cable a NIC to a physical switch port.
     * \param nic vmnicN
     * \param sw the switch
     * \param port its port name
     * \return the cable
     */
    Ptr<EthernetChannel> ConnectUplink(const std::string& nic,
                                       Ptr<PhysicalSwitch> sw,
                                       const std::string& port);

    // ---- vSwitches and port groups -----------------------------------------------------

    /**
     * \brief Add a vSwitch with some of the NICs as uplinks.
     * \param name vSwitch0, DSwitch, ...
     * \param uplinks NIC names (each the uplink of one vSwitch only)
     * \param type standard or distributed
     * \return the switch
     */
    Ptr<VSwitch> AddVSwitch(const std::string& name,
                            const std::vector<std::string>& uplinks,
                            VSwitch::Type type = VSwitch::Standard);
    /// \param name a vSwitch name ("" for the first) \return it (ConfigError when unknown)
    Ptr<VSwitch> GetVSwitch(const std::string& name = "") const;
    /// \return the vSwitches in order
    std::vector<Ptr<VSwitch>> GetVSwitches() const;

    /**
     * \brief Add a port group.
     * \param name its name (unique on the host)
     * \param vlan 0, 1-4094 or 4095
     * \param vswitch the vSwitch ("" for the first)
     * \return the port group
     */
    Ptr<PortGroup> AddPortGroup(const std::string& name,
                                uint16_t vlan,
                                const std::string& vswitch = "");
    /// \param name a port group name \return it, on whichever vSwitch has it (ConfigError if none)
    Ptr<PortGroup> GetPortGroup(const std::string& name) const;

    // ---- VMs and VMkernel NICs ---------------------------------------------------------

    /**
     * \brief Give a VM a vNIC on a port group of this host. Call again for more vNICs.
     * \param vm the VM node
     * \param portGroup the port group
     * \param mac the vNIC's MAC (default: the next one of VMware's range)
     * \param portId the port ID (0: the next free one)
     * \return the vNIC
     */
    Ptr<VnicNetDevice> AddVm(Ptr<Node> vm,
                             const std::string& portGroup,
                             Mac48Address mac = Mac48Address(),
                             uint32_t portId = 0);

    /**
     * \brief Name a VM (for client names "name.ethN"). Default: its ns3::Names name, or vmN.
     * \param vm the VM node
     * \param name the name
     */
    void SetVmName(Ptr<Node> vm, const std::string& name);
    /// \param vm a VM node \return its name on this host
    std::string GetVmName(Ptr<Node> vm) const;

    /**
     * \brief Add a VMkernel NIC on the host node.
     * \param name vmkN
     * \param portGroup its port group
     * \param mac its MAC (default: the next one of VMware's VMkernel range)
     * \param netstack the node of the TCP/IP stack it belongs to (default: the host node,
     *        the default netstack; an NSX VTEP has a node of its own, the vxlan netstack)
     * \return the vmknic
     */
    Ptr<VnicNetDevice> AddVmknic(const std::string& name,
                                 const std::string& portGroup,
                                 Mac48Address mac = Mac48Address(),
                                 Ptr<Node> netstack = nullptr);

    /**
     * \brief Run ESXi in a VM of this host: the VM gets one vNIC per port group (in
     *        promiscuous mode, as ESXi runs its NICs) and they become the nested host's
     *        vmnic0, vmnic1, ...
     * \param vm the VM node
     * \param name the nested host's name
     * \param portGroups this host's port groups for the nested host's NICs, in order
     * \param nested the nested host, built by EsxiHostHelper
     * \param macs the MACs of those vNICs, in order (missing ones: VMware's range)
     */
    void AttachNestedHost(Ptr<Node> vm,
                          const std::string& name,
                          const std::vector<std::string>& portGroups,
                          Ptr<EsxiHost> nested,
                          const std::vector<Mac48Address>& macs = {});

    /**
     * \param client a client name ("vm1.eth0", "vmk0")
     * \return its port on any of this host's vSwitches, or nullptr
     */
    Ptr<VSwitchPort> FindPort(const std::string& client) const;

    /**
     * \param vm a VM node
     * \param nic the vNIC's index (ethN)
     * \return its port (ConfigError when the VM has no such vNIC here)
     */
    Ptr<VSwitchPort> GetVmPort(Ptr<Node> vm, uint32_t nic = 0) const;

    /// \param vm a VM node \return whether a vMotion of it has begun and not switched over
    bool IsVmMoving(Ptr<Node> vm) const;
    /// \param vm a VM of this host \param moving whether a vMotion of it is under way
    void SetVmMoving(Ptr<Node> vm, bool moving);
    /**
     * \brief Forget a VM whose vNICs left their ports (vMotion's stun).
     * \param vm the VM node
     */
    void RemoveVm(Ptr<Node> vm);
    /**
     * \brief Take in a VM that vMotion brought here; a nested host in it now runs on this
     *        host.
     * \param vm the VM node
     * \param name its name
     * \param vnics its vNICs, eth0 first
     * \param ports their new ports here
     */
    void AddMovedVm(Ptr<Node> vm,
                    const std::string& name,
                    const std::vector<Ptr<VnicNetDevice>>& vnics,
                    const std::vector<Ptr<VSwitchPort>>& ports);

    /// \return the VM nodes on this host, in the order they were added
    std::vector<Ptr<Node>> GetVms() const;

    /**
     * \brief When a VM powers on: its vNICs link up and the host announces them to the
     *        physical switches (notify switches). By default the k-th VM added to the host
     *        (from 0) powers on at k x `PowerOnInterval` after its creation, as a host boots
     *        its VMs one after another; set a VM's own time here (at build time).
     * \param vm a VM of this host
     * \param at its power-on time (simulation time, not before now)
     */
    void SetVmPowerOnTime(Ptr<Node> vm, Time at);
    /// \param vm a VM of this host \return its power-on time
    Time GetVmPowerOnTime(Ptr<Node> vm) const;

    // ---- inspection views --------------------------------------------------------------

    /// \return every port of every vSwitch (uplinks first per switch), as data
    std::vector<PortView> GetPortViews() const;

    /**
     * \brief `net-stats -l`.
     * \param os the stream
     */
    void PrintNetStats(std::ostream& os) const;

    /**
     * \brief The network view of `esxtop`, rates averaged over the simulation so far.
     * \param os the stream
     */
    void PrintEsxtopNetwork(std::ostream& os) const;

    /**
     * \brief `esxcli network vm port list` for every VM.
     * \param os the stream
     */
    void PrintVmPortList(std::ostream& os) const;

  protected:
    void DoDispose() override;

  private:
    friend class EsxiHostHelper;

    /// A VM on this host.
    struct Vm
    {
        Ptr<Node> node;                        //!< its node
        std::string name;                      //!< its name
        std::vector<Ptr<VnicNetDevice>> vnics; //!< its vNICs, eth0 first
        std::vector<Ptr<VSwitchPort>> ports;   //!< their ports
        bool moving{false};                    //!< a vMotion of it is under way
        Time powerOn;                          //!< when it powers on
    };

    /// Find (or add) the record of a VM node.
    Vm& VmRecord(Ptr<Node> vm);
    /// Find the vSwitch that has a port group.
    Ptr<VSwitch> SwitchOfGroup(const std::string& portGroup) const;

    /// Set the NicOui attribute (ConfigError unless "xx:xx:xx").
    void SetNicOui(std::string oui);
    /// \return the NicOui attribute
    std::string GetNicOui() const;

    std::string m_name;    //!< host name
    uint32_t m_nicOui;     //!< vendor prefix of the NICs' MACs
    Ptr<Node> m_node;      //!< host node
    Ptr<EsxiHost> m_outer; //!< outer host (nested hosts)
    std::vector<std::pair<std::string, Ptr<L2NetDevice>>> m_nics;    //!< vmnicN, in order
    std::map<std::string, std::string> m_nicSwitch;                  //!< NIC -> vSwitch using it
    std::vector<Ptr<VSwitch>> m_vswitches;                           //!< vSwitches
    std::vector<Vm> m_vms;                                           //!< VMs
    std::vector<std::pair<std::string, Ptr<VSwitchPort>>> m_vmknics; //!< vmkN
    EthernetHelper m_ethernet;                                       //!< cables for ConnectUplink
    ObjectFactory m_vswitchFactory;                                  //!< vSwitches
    uint32_t m_nextPortset; //!< portset index of the next vSwitch
    Time m_powerOnInterval; //!< PowerOnInterval
    uint32_t m_vmsAdded{0}; //!< VMs added so far (power-on order)
};

} // namespace ns3

#endif /* VSWITCH_ESXI_HOST_H */
