/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_NSX_CONTROLLER_CLUSTER_H
#define VSWITCH_NSX_CONTROLLER_CLUSTER_H

#include "logical-switch.h"
#include "vtep-tables.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class Vtep;

/**
 * \ingroup vswitch
 * \brief The NSX controller cluster: the controllers, which of them owns each VNI (its
 *        slice), and each VNI's VTEP, MAC and ARP tables, held by the owner only (spec
 *        section 9).
 *
 * Hosts (their Vtep) report to the cluster, and the cluster answers and pushes back; every
 * message takes the `ControlPlaneDelay` attribute's time one way, and is handled by the
 * VNI's owner at the time it arrives (a message to a VNI whose owner is down is lost; hosts
 * report again when the VNI has a new owner).
 *
 *  - a VTEP joining a VNI (its host's first VM on it) or leaving it; the owner then pushes
 *    the VNI's VTEP list to every VTEP on it;
 *  - a MAC seen from a local VM, an IP-MAC binding snooped from a local VM (ARP, GARP,
 *    DHCP ACK);
 *  - a host's query for a MAC or an IP it misses; the owner answers whether it knows it.
 *
 * Slicing: the owner of a VNI is the controller at index Slice(vni, n) among the n
 * controllers that are up, in the order they were added. The default is (vni - 5000) mod n,
 * so with three controllers VNI 5000 is the first's, 5001 the second's (seed 2's VNI 5001
 * is on 192.168.110.202); SetSliceFunction replaces it, since NSX does not publish its own.
 * When a controller goes down or comes back, the VNIs whose owner changed start empty on
 * their new owner and every host is told to report them again.
 *
 * The replicating VTEP of a remote segment (the UTEP of unicast, the MTEP of hybrid
 * replication) is chosen by ChooseProxy: by default the segment's VTEP with the lowest IP;
 * SetProxyFunction replaces it.
 */
class NsxControllerCluster : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// A controller.
    struct Controller
    {
        std::string name; //!< controller-1, ...
        Ipv4Address ip;   //!< its IP (hosts connect to it on TCP 1234)
        bool up{true};    //!< running
    };

    /// A VNI's tables on its owner.
    struct VniTables
    {
        std::vector<VtepRecord> vteps; //!< VTEPs with VMs on the VNI, in join order
        /// MAC key -> (MAC, VTEP IP), in MAC order
        std::map<uint64_t, std::pair<Mac48Address, Ipv4Address>> macs;
        std::map<uint32_t, Mac48Address> arps; //!< IP -> MAC, in IP order
    };

    /**
     * TracedCallback signature for a VNI changing owner.
     * \param vni the VNI
     * \param from the old owner's name ("" none)
     * \param to the new owner's name ("" none)
     */
    typedef void (*OwnerChangeTracedCallback)(uint32_t vni,
                                              const std::string& from,
                                              const std::string& to);

    /// Owner of a VNI among the n controllers that are up: an index below n.
    typedef Callback<uint32_t, uint32_t, uint32_t> SliceCallback;
    /// The replicating VTEP of a segment for a VNI, from the segment's VTEPs (never empty).
    typedef Callback<Ipv4Address, uint32_t, const std::vector<VtepRecord>&> ProxyCallback;

    NsxControllerCluster();
    ~NsxControllerCluster() override;

    /**
     * \brief Add a controller.
     * \param name its name (unique)
     * \param ip its IP (unique)
     */
    void AddController(const std::string& name, Ipv4Address ip);
    /// \return the controllers, in the order they were added
    const std::vector<Controller>& GetControllers() const;
    /**
     * \brief Stop or restart a controller; the VNIs are sliced again.
     * \param name the controller (ConfigError when unknown)
     * \param up whether it runs
     */
    void SetControllerUp(const std::string& name, bool up);

    /// \param cb the slicing function (a null callback restores the default)
    void SetSliceFunction(SliceCallback cb);
    /// \param cb the proxy choice (a null callback restores the default)
    void SetProxyFunction(ProxyCallback cb);
    /**
     * \param vni a VNI
     * \param segment the VTEPs of one segment on it (not empty)
     * \return the one that replicates there
     */
    Ipv4Address ChooseProxy(uint32_t vni, const std::vector<VtepRecord>& segment) const;

    /**
     * \brief Add a logical switch (ConfigError when its VNI or name is taken).
     * \param ls the logical switch
     */
    void AddLogicalSwitch(Ptr<LogicalSwitch> ls);
    /// \param vni a VNI \return its logical switch, or nullptr
    Ptr<LogicalSwitch> GetLogicalSwitch(uint32_t vni) const;
    /// \return the logical switches, in VNI order
    std::vector<Ptr<LogicalSwitch>> GetLogicalSwitches() const;

    /// \param vni a VNI \return the index of its owner, or -1 when no controller is up
    int GetOwner(uint32_t vni) const;
    /// \param vni a VNI \return its owner's tables, or nullptr (no owner, or nothing known)
    const VniTables* GetTables(uint32_t vni) const;
    /// \return the one-way delay of a control-plane message
    Time GetDelay() const;

    /**
     * \brief A VTEP connects to every controller (netcpa), so that it can be told to report
     *        again when slices move.
     * \param vtep the VTEP
     */
    void Register(Ptr<Vtep> vtep);
    /// \return the registered VTEPs
    const std::vector<Ptr<Vtep>>& GetVteps() const;

    // ---- messages from hosts (each arrives at the owner after the delay) -------------------

    /// \param from the VTEP \param vni the VNI it now has VMs on \param rec its record
    void ReportJoin(Ptr<Vtep> from, uint32_t vni, const VtepRecord& rec);
    /// \param from the VTEP \param vni the VNI it no longer has VMs on
    void ReportLeave(Ptr<Vtep> from, uint32_t vni);
    /// \param vni the VNI \param mac a local VM's MAC \param vtepIp the host's VTEP
    void ReportMac(uint32_t vni, Mac48Address mac, Ipv4Address vtepIp);
    /// \param vni the VNI \param ip a local VM's IP \param mac its MAC
    void ReportArp(uint32_t vni, Ipv4Address ip, Mac48Address mac);
    /// \param from the VTEP \param vni the VNI \param mac a MAC it misses
    void QueryMac(Ptr<Vtep> from, uint32_t vni, Mac48Address mac);
    /// \param from the VTEP \param vni the VNI \param ip an IP it misses
    void QueryArp(Ptr<Vtep> from, uint32_t vni, Ipv4Address ip);

    // ---- views -------------------------------------------------------------------------------

    /// `show control-cluster logical-switches vni VNI` \param os the stream \param vni the VNI
    void PrintVni(std::ostream& os, uint32_t vni) const;
    /// `show control-cluster logical-switches vtep-table VNI`
    /// \param os the stream \param vni the VNI
    void PrintVtepTable(std::ostream& os, uint32_t vni) const;
    /// `show control-cluster logical-switches mac-table VNI`
    /// \param os the stream \param vni the VNI
    void PrintMacTable(std::ostream& os, uint32_t vni) const;
    /// `show control-cluster logical-switches arp-table VNI`
    /// \param os the stream \param vni the VNI
    void PrintArpTable(std::ostream& os, uint32_t vni) const;

  protected:
    void DoDispose() override;

  private:
    void DeliverJoin(Ptr<Vtep> from, uint32_t vni, VtepRecord rec);
    void DeliverLeave(Ptr<Vtep> from, uint32_t vni);
    void DeliverMac(uint32_t vni, Mac48Address mac, Ipv4Address vtepIp);
    void DeliverArp(uint32_t vni, Ipv4Address ip, Mac48Address mac);
    void DeliverMacQuery(Ptr<Vtep> from, uint32_t vni, Mac48Address mac);
    void DeliverArpQuery(Ptr<Vtep> from, uint32_t vni, Ipv4Address ip);
    void PushVteps(uint32_t vni);
    void Reslice();
    VniTables* OwnerTables(uint32_t vni);

    Time m_delay;                                      //!< ControlPlaneDelay
    std::vector<Controller> m_controllers;             //!< controllers
    std::vector<std::map<uint32_t, VniTables>> m_held; //!< per controller: VNI -> tables
    std::map<uint32_t, Ptr<LogicalSwitch>> m_switches; //!< VNI -> logical switch
    std::map<uint32_t, int> m_owner;                   //!< VNI -> owner (after last slicing)
    std::vector<Ptr<Vtep>> m_vteps;                    //!< registered VTEPs
    SliceCallback m_slice;                             //!< slicing function
    ProxyCallback m_proxy;                             //!< proxy choice
    /// VNI, old owner name ("" none), new owner name ("" none)
    TracedCallback<uint32_t, const std::string&, const std::string&> m_ownerTrace;
};

} // namespace ns3

#endif /* VSWITCH_NSX_CONTROLLER_CLUSTER_H */
