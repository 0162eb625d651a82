/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_CAPTURE_FILE_WRITER_H
#define VSWITCH_CAPTURE_FILE_WRITER_H

#include "ns3/nstime.h"
#include "ns3/output-file.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class Packet;

/**
 * \ingroup vswitch
 * \brief Writes the frames of a pktcap-uw session to a capture file, as `-o FILE` does:
 *        classic pcap, or pcapng with `--ng`.
 *
 * Both formats carry Ethernet frames (link type DLT_EN10MB = 1) with microsecond
 * timestamps, in the host's byte order (readers detect it from the magic numbers):
 *
 * - pcap: the 24-byte file header (magic 0xa1b2c3d4, version 2.4, the snap length, link type
 *   1), then a 16-byte record header and the captured bytes per frame;
 * - pcapng: a Section Header Block (with an shb_userappl option naming the writer), one
 *   Interface Description Block (link type 1, the snap length, default if_tsresol, i.e.
 *   microseconds), then one Enhanced Packet Block per frame with an optional opt_comment.
 *
 * Frames longer than the snap length are truncated; the record keeps the original length.
 * A file that cannot be created is a ConfigError naming the path.
 *
 * The file is written through an OutputFile: every write(2) and the close(2) are checked,
 * and the data goes to the system whole records at a time, once every `CaptureFlushFrames`
 * frames (the ns-3 global, default 100; SetFlushFrames() for one writer) and whenever the
 * 64 KiB buffer is full. So a process that dies loses at most that many frames (and at most
 * 64 KiB), and a write failure (a full disk) is known at the frame that met it. At the first
 * failure the error callback is called with the path and the reason ("cannot write: No space left
 * on device") and later frames are dropped; without a callback the failure is fatal
 * (NS_FATAL_ERROR naming the file), so that it is never silent. KeepAsPartial() then leaves
 * the frames that reached the disk whole under `NAME.partial`.
 */
class CaptureFileWriter
{
  public:
    static constexpr uint32_t kLinkTypeEthernet = 1; //!< DLT_EN10MB / LINKTYPE_ETHERNET

    CaptureFileWriter();
    /// Closes the file.
    ~CaptureFileWriter();

    CaptureFileWriter(const CaptureFileWriter&) = delete;
    CaptureFileWriter& operator=(const CaptureFileWriter&) = delete;

    /**
     * \brief Create (or truncate) a capture file and write its header; closes a file that is
     *        already open.
     * \param path the file
     * \param pcapng write pcapng rather than classic pcap
     * \param snaplen the largest number of bytes kept per frame (>= 1)
     * \throw ConfigError when the file cannot be created (the message names the path) or
     *        snaplen is 0
     */
    void Open(const std::string& path, bool pcapng, uint32_t snaplen);

    /// \return whether a file is open
    bool IsOpen() const;

    /**
     * \brief Write one frame.
     * \param t the timestamp (written in microseconds; negative times are written as 0)
     * \param bytes the frame, beginning with the destination MAC (no FCS)
     * \param origLen the frame's length on the wire (raised to bytes.size() when smaller)
     * \param comment pcapng only: a comment for this frame (opt_comment), none when empty
     */
    void Write(Time t,
               const std::vector<uint8_t>& bytes,
               uint32_t origLen,
               const std::string& comment = "");

    /**
     * \brief Write one frame, its bytes taken from a packet (a switch port's pcap): no
     *        allocation once the writer has seen its largest frame.
     * \param t the timestamp
     * \param frame the frame, beginning with the destination MAC (no FCS)
     */
    void Write(Time t, Ptr<const Packet> frame);

    /**
     * \brief Flush and close the file; does nothing when no file is open.
     * \return false when a write or the close failed (now or before)
     */
    bool Close();

    /**
     * \brief After a failed run: close the file and rename it to `PATH.partial`; when a
     *        write failed, the file is first cut back to the last whole frame that reached
     *        the disk, so that readers see no frame cut in the middle.
     * \return the new path, "" when the rename failed (or nothing was opened)
     */
    std::string KeepAsPartial();

    /**
     * \param cb called once, at the first write or close failure, with the path and the
     *        reason; null (the default) makes a failure fatal
     */
    void SetErrorCallback(OutputFile::ErrorCallback cb);

    /**
     * \param frames hand the data to the system every this many frames (0: only when the
     *        buffer is full and at Close()); the default is the `CaptureFlushFrames` global
     *        as it is when the writer is constructed
     */
    void SetFlushFrames(uint32_t frames);

    /// \return whether a write or the close failed
    bool HasFailed() const;
    /// \return the failure ("cannot write: No space left on device"), "" when none
    const std::string& GetError() const;

    /// \return the path given to Open() (kept after Close())
    const std::string& GetPath() const;
    /// \return the number of frames written since Open()
    uint64_t GetFramesWritten() const;

  private:
    /// Write the pcapng Section Header and Interface Description Blocks.
    void WritePcapngHeader();
    /// Write the classic pcap file header.
    void WritePcapHeader();

    /// Write a record: header fields already counted in blockLen; data, padding, comment.
    void WriteRecord(uint64_t us,
                     const uint8_t* data,
                     uint32_t captured,
                     uint32_t origLen,
                     const std::string& comment);
    /// The file's first failure: report it (callback, or fatal).
    void OnError(const std::string& path, const std::string& reason);

    OutputFile m_out;                    //!< the file
    std::string m_path;                  //!< its path
    bool m_pcapng{false};                //!< pcapng rather than pcap
    uint32_t m_snaplen{0};               //!< snap length
    uint64_t m_frames{0};                //!< frames written
    uint32_t m_flushFrames{0};           //!< flush every this many frames (0: never)
    uint32_t m_sinceFlush{0};            //!< frames since the last flush
    OutputFile::ErrorCallback m_onError; //!< failure callback
    std::vector<uint8_t> m_scratch;      //!< a packet's bytes, reused
};

/**
 * \ingroup vswitch
 * \brief The bytes of a frame at a capture point, as pktcap-uw writes them.
 *
 * At the vSwitch's points, the 802.1Q tag of a port group's VLAN is metadata, not frame
 * bytes: pktcap-uw prints "VLAN tag 100" and then a dump whose bytes 12-13 are the EtherType
 * (seed 0), and its capture files have no 802.1Q bytes either. So when the switch associates
 * a VLAN with the frame (vlanMeta, CaptureContext::vlan, not 0), a tag in the bytes is
 * removed. With insertTag the opposite holds, for users who want Wireshark to show the VLAN
 * as an "802.1Q Virtual LAN" layer: an untagged frame gets the tag (TPID 0x8100, PCP 0, VID
 * vlanMeta) after the MACs. When vlanMeta is 0 the bytes are left as they are, so a
 * guest-tagged (VLAN 4095) frame at a VM's points keeps the tag its guest wrote.
 *
 * \param frame the frame, beginning with its Ethernet header
 * \param vlanMeta the VLAN the switch associates with the frame (0: none)
 * \param insertTag show the metadata VLAN as a tag in the bytes instead of removing it
 * \return the bytes
 */
std::vector<uint8_t> CaptureBytes(Ptr<const Packet> frame, uint16_t vlanMeta, bool insertTag);

} // namespace ns3

#endif /* VSWITCH_CAPTURE_FILE_WRITER_H */
