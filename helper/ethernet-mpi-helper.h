/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_MPI_HELPER_H
#define VSWITCH_ETHERNET_MPI_HELPER_H

#include "ns3/ethernet-helper.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief An EthernetHelper whose cables may join nodes of different MPI ranks.
 *
 * When MPI is enabled (MpiInterface::Enable) and the two nodes of a cable have different
 * system ids (`CreateObject<Node>(rank)`), the cable is an EthernetRemoteChannel and both
 * devices get an MpiReceiver that hands arriving frames to EthernetNetDevice::Receive, as
 * ns-3's PointToPointHelper does for its remote channel. Otherwise it is an ordinary
 * EthernetChannel. Channel attributes set with SetChannelAttribute (`Delay`) apply to both
 * kinds; the `Delay` of a cable between ranks is the lookahead.
 *
 * \code
 *   MpiInterface::Enable(&argc, &argv);
 *   Ptr<Node> sw0 = CreateObject<Node>(0);   // every rank creates every node, in order
 *   Ptr<Node> sw1 = CreateObject<Node>(1);
 *   EthernetMpiHelper eth;
 *   eth.SetChannelAttribute("Delay", StringValue("5us"));
 *   eth.Install(sw0->..., sw1->...);        // the same calls on every rank
 * \endcode
 *
 * Every rank must build the same cables in the same order, with both devices, so that node
 * ids and interface indexes agree across ranks (the frame is addressed by them).
 */
class EthernetMpiHelper : public EthernetHelper
{
  public:
    EthernetMpiHelper();
    ~EthernetMpiHelper() override = default;

    /**
     * \brief Whether a node is simulated by this process.
     * \param node the node
     * \return true without MPI, or when the node's system id is this rank
     */
    static bool IsLocal(Ptr<Node> node);

    /**
     * \return this process's rank (0 without MPI)
     */
    static uint32_t GetRank();

    /**
     * \return the number of ranks (1 without MPI)
     */
    static uint32_t GetRanks();

  protected:
    Ptr<EthernetChannel> CreateChannel(Ptr<EthernetNetDevice> a, Ptr<EthernetNetDevice> b) override;
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_MPI_HELPER_H */
