/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PKTCAP_CONSOLE_H
#define VSWITCH_PKTCAP_CONSOLE_H

#include "ns3/capture-point.h"
#include "ns3/drop-reason.h"
#include "ns3/nstime.h"
#include "ns3/pktcap-options.h"

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

// clang-format off
/**
 * \ingroup vswitch
 * \brief Formats a pktcap-uw session's console output as the real tool prints it.
 *
 * The output has three parts, each line ending with a newline:
 *
 * - Banner(): what the options asked for, then the tool's session set-up lines:
 *   \verbatim
The switch port id is 0x03000009
The dir is Output
To capture 3 packets
The session filter IP protocol is 0x01
The session capture point is PortOutput
No server port specifed, select 65440 as the port
Output the packet info to console.
Local CID 2
Listen on port 65440
Accept...Vsock connection from port 1062 cid 2
\endverbatim
 * - FormatFrame(), per frame:
 *   \verbatim
16:13:16.471308[1] Captured at EtherswitchDispath point, TSO not enabled, Checksum not offloaded and not verified, VLAN tag 100, length 98.
Segment[0] ---- 98 bytes:
0x0000: 0050 569d fdb1 0050 569d 4342 0800 4500
...
0x0060: 3637
\endverbatim
 * - Trailer():
 *   \verbatim
Dump thread exiting...
Destroying session 38
Dumped 3 packet to console, dropped 0 packets.
Done.
\endverbatim
 *
 * The wording, typos included ("specifed", "EtherswitchDispath", "3 packet"), is the seeds'.
 * Lines the seeds do not show are this module's own, in the same style: the filter lines
 * other than the IP protocol one, "The snapshot length is N", and, with -o, "The output file
 * is FILE" (in place of "Output the packet info to console.") and "Dumped N packet to file
 * FILE, dropped 0 packets.". Port numbers, CID and session number are fixed (seed 0's first
 * session) unless SetSessionNumbers() changes them.
 */
// clang-format on
class PktcapConsole
{
  public:
    static constexpr uint16_t kDefaultServerPort = 65440; //!< "select 65440 as the port"
    static constexpr uint16_t kDefaultVsockPort = 1062;   //!< "connection from port 1062"
    static constexpr uint32_t kDefaultSessionId = 38;     //!< "Destroying session 38"
    static constexpr uint32_t kLocalCid = 2;              //!< "Local CID 2"

    PktcapConsole();

    /**
     * \brief Set the wall-clock time of day at simulation time 0, so that a run can print
     *        times like the seed's (e.g. Hours(16) + Minutes(13) + Seconds(16)).
     * \param base the offset added to every frame time (default 0: midnight)
     */
    void SetBaseTime(Time base);
    /// \return the offset added to every frame time
    Time GetBaseTime() const;

    /**
     * \brief Set the numbers the set-up and trailer lines print.
     * \param serverPort "select P as the port", "Listen on port P"
     * \param vsockPort "Accept...Vsock connection from port V cid 2"
     * \param sessionId "Destroying session S"
     */
    void SetSessionNumbers(uint16_t serverPort, uint16_t vsockPort, uint32_t sessionId);

    /**
     * \brief The banner of a session: target, direction (only when --dir was given), count,
     *        snap length, filters, capture points (only when --capture was given), output
     *        file, then the set-up lines.
     * \param options the session's options
     * \return the lines
     */
    std::string Banner(const PktcapOptions& options) const;

    /**
     * \brief Print one captured frame: the frame line, the segment line and the hex dump.
     * \param os the stream
     * \param t the simulation time of the capture (the base time is added)
     * \param index the frame's number in the session, from 1
     * \param point where it was captured
     * \param vlan the VLAN tag metadata; 0 omits the "VLAN tag N, " part
     * \param reason at the Drop point, why the frame was dropped (printed as
     *        "Drop Reason 'reverse-teaming', " after the point); ignored at other points
     * \param bytes the bytes to dump, without the 802.1Q tag (see CaptureBytes())
     * \param length the frame length printed in the frame line
     */
    void FormatFrame(std::ostream& os,
                     Time t,
                     uint64_t index,
                     CapturePoint point,
                     uint16_t vlan,
                     DropReason reason,
                     const std::vector<uint8_t>& bytes,
                     uint32_t length) const;

    /**
     * \brief Print one captured frame as a capture-point trace sink receives it.
     * \param os the stream
     * \param t the simulation time of the capture
     * \param index the frame's number in the session, from 1
     * \param where the point, VLAN metadata and drop reason
     * \param bytes the bytes to dump, without the 802.1Q tag
     * \param length the frame length printed in the frame line
     */
    void FormatFrame(std::ostream& os,
                     Time t,
                     uint64_t index,
                     const CaptureContext& where,
                     const std::vector<uint8_t>& bytes,
                     uint32_t length) const;

    /**
     * \brief The lines printed when the session ends.
     * \param options the session's options (-o changes "to console" into "to file FILE")
     * \param dumped frames dumped
     * \param dropped frames the tool itself lost (the simulation loses none)
     * \return the lines
     */
    std::string Trailer(const PktcapOptions& options, uint64_t dumped, uint64_t dropped = 0) const;

    /**
     * \brief A time of day as the frame line prints it, HH:MM:SS.uuuuuu.
     * \param t the simulation time; the base time is added, the sum wraps at 24 hours and
     *        negative sums print as 00:00:00.000000
     * \return the text
     */
    std::string FormatTime(Time t) const;

    /**
     * \brief Print bytes as pktcap-uw's hex dump: rows of 16 bytes, `0x0000: ` then groups of
     *        two bytes as four hex digits separated by spaces, an odd last byte as two digits.
     * \param os the stream
     * \param data the bytes
     * \param len the number of bytes
     */
    static void HexDump(std::ostream& os, const uint8_t* data, std::size_t len);

  private:
    Time m_base;                               //!< time of day at simulation time 0
    uint16_t m_serverPort{kDefaultServerPort}; //!< printed server port
    uint16_t m_vsockPort{kDefaultVsockPort};   //!< printed vsock peer port
    uint32_t m_sessionId{kDefaultSessionId};   //!< printed session number
};

} // namespace ns3

#endif /* VSWITCH_PKTCAP_CONSOLE_H */
