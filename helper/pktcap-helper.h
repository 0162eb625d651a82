/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PKTCAP_HELPER_H
#define VSWITCH_PKTCAP_HELPER_H

#include "ns3/capture-file-writer.h"
#include "ns3/capture-filter.h"
#include "ns3/capture-point.h"
#include "ns3/esxi-host.h"
#include "ns3/pktcap-console.h"
#include "ns3/pktcap-options.h"
#include "ns3/simple-ref-count.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief One running pktcap-uw session on a host: where it listens, what it keeps, where
 *        it writes.
 */
class PktcapSession : public SimpleRefCount<PktcapSession>
{
  public:
    /// \return the options the session was started with
    const PktcapOptions& GetOptions() const;
    /// \return frames captured (written or printed) so far
    uint64_t GetFrameCount() const;
    /// \return the file written ("" for a console session)
    std::string GetFile() const;
    /// \return the resolved target port ID (0 when none)
    uint32_t GetTargetPortId() const;
    /// \return whether -c was reached or Stop() was called
    bool IsStopped() const;
    /// \return the file writer, nullptr for a console session
    CaptureFileWriter* GetWriter() const;

    /**
     * \brief End the session: stop listening, close the file or print the console trailer.
     *        Idempotent; runs by itself at Simulator::Destroy().
     */
    void Stop();

    /// A frame at one of the session's points (connected to the vSwitch trace sources).
    void Sink(Ptr<const Packet> frame, const CaptureContext& where);

  private:
    friend class PktcapHelper;

    /// Close the file or print the trailer; frames after this are ignored.
    void Finish();
    /// Detach from the trace sources (never from inside one of their calls).
    void Disconnect();

    PktcapOptions m_options;                     //!< options
    CaptureFilter m_filter;                      //!< the filters of the options
    std::vector<Ptr<VSwitch>> m_switches;        //!< switches listened to
    std::vector<std::string> m_traces;           //!< trace sources connected on each
    uint32_t m_target{0};                        //!< target port ID (0: none)
    bool m_haveTarget{false};                    //!< narrow to the target port
    uint64_t m_frames{0};                        //!< frames captured
    bool m_stopped{false};                       //!< stopped
    std::string m_file;                          //!< output file
    std::unique_ptr<CaptureFileWriter> m_writer; //!< file writer, or null for console
    std::ostream* m_console{nullptr};            //!< console stream
    PktcapConsole m_format;                      //!< console formatter
    bool m_insertTag{false};                     //!< files carry the VLAN as a tag
    uint32_t m_flushFrames{0};                   //!< console: flush every this many frames
    uint32_t m_sinceFlush{0};                    //!< console: frames since the last flush
};

/**
 * \ingroup vswitch
 * \brief Captures on a simulated ESXi host with pktcap-uw's own options.
 *
 * \code
 *   PktcapHelper pktcap;
 *   pktcap.SetOutputDirectory("out");
 *   // to a pcap file
 *   pktcap.Capture(h1, "--switchport 50331657 --capture PortOutput --proto 0x01 -o po.pcap");
 *   // to the console, as in the seed
 *   pktcap.Capture(h1, "--uplink vmnic2 -c 3 --proto 0x01");
 *   // to pcapng, by VM and vNIC index
 *   pktcap.CaptureVm(h1, vm1, 0, "--capture VnicRx -o vnicrx.pcapng --ng");
 * \endcode
 *
 * Options, defaults (`--dir 0`: input only; the point follows the direction), filters and
 * errors are PktcapOptions'. With `-o` the session writes pcap (pcapng with `--ng`) holding
 * the frames as pktcap-uw writes them: a port group's VLAN is metadata at the vSwitch's
 * points, so the bytes carry no 802.1Q tag (the pcapng packet comment says `VLAN tag N`, as
 * the console line does); SetInsertVlanTag(true) writes the tag into the bytes instead.
 * Without `-o`, it prints pktcap-uw's console format (banner, one line and a hex dump per
 * frame, trailer) to the console stream, flushed every `CaptureFlushFrames` frames as files
 * are (CaptureFileWriter). A file that cannot be written (a full disk) is fatal unless
 * SetWriteErrorCallback() says who handles it.
 * A bad or conflicting option, or a target the host does not have, throws ConfigError.
 */
class PktcapHelper
{
  public:
    PktcapHelper();

    /// \param dir folder that relative `-o` paths are taken from (default: the current one)
    void SetOutputDirectory(const std::string& dir);

    /// \param os where console sessions print (default std::cout); must outlive the sessions
    void SetConsole(std::ostream* os);

    /// \param base wall-clock time of simulation time 0 for console timestamps
    void SetBaseTime(Time base);

    /**
     * \param cb called once per session file at its first write or close failure, with the
     *        path and the reason ("cannot write: No space left on device"), for sessions started
     *        from now on; null (the default) makes such a failure fatal
     */
    void SetWriteErrorCallback(OutputFile::ErrorCallback cb);

    /**
     * \param insert true to write a frame's VLAN metadata into its bytes as an 802.1Q tag in
     *        the files of sessions started from now on, so that Wireshark shows the VLAN;
     *        false (the default) writes the frame as pktcap-uw does, without the tag
     */
    void SetInsertVlanTag(bool insert);

    /**
     * \brief Start a session on a host.
     * \param host the ESXi host (for a nested host, the nested one)
     * \param options pktcap-uw's options, e.g. "--uplink vmnic2 --dir 2 -o vmnic2.pcap"
     * \return the session
     */
    Ptr<PktcapSession> Capture(Ptr<EsxiHost> host, const std::string& options);

    /**
     * \brief Start a session on a VM's port: `--switchport` is filled in.
     * \param host the host the VM runs on
     * \param vm the VM node
     * \param nic the VM's vNIC index
     * \param options the other options
     * \return the session
     */
    Ptr<PktcapSession> CaptureVm(Ptr<EsxiHost> host,
                                 Ptr<Node> vm,
                                 uint32_t nic,
                                 const std::string& options);

    /// \return the sessions started by this helper
    const std::vector<Ptr<PktcapSession>>& GetSessions() const;

    /// Stop every session of this helper (files closed, trailers printed).
    void StopAll();

    /**
     * \param point a capture point
     * \return the name of the vSwitch trace source for it ("EtherswitchDispatch", ...)
     */
    static std::string TraceSourceName(CapturePoint point);

  private:
    std::string m_dir;                          //!< output directory
    std::ostream* m_console;                    //!< console stream
    Time m_base;                                //!< console clock base
    bool m_insertTag{false};                    //!< files carry the VLAN as a tag
    OutputFile::ErrorCallback m_onWriteError;   //!< file failures
    std::vector<Ptr<PktcapSession>> m_sessions; //!< sessions
};

} // namespace ns3

#endif /* VSWITCH_PKTCAP_HELPER_H */
