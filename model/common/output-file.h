/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_OUTPUT_FILE_H
#define VSWITCH_OUTPUT_FILE_H

#include "ns3/callback.h"

#include <cstddef>
#include <cstdint>
#include <streambuf>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A file written through one fixed buffer, every system call checked.
 *
 * Output that a reader must be able to trust (capture files, vswitch-sim's summary.json and
 * tables.txt) goes through this class rather than std::ofstream, which reports a failed
 * write(2) or close(2) only as a stream state and loses errno. Here:
 *
 * - Write() copies into a buffer of kBufferSize bytes allocated once at Open(); the buffer
 *   goes to the system when it is full and at Flush() and Close(). Nothing is allocated per
 *   call.
 * - Every write(2) (retried on EINTR and after a short write) and the close(2) are checked.
 *   The first failure is kept (GetError(): what failed and strerror's text, e.g. "cannot write:
 *   No space left on device"), the error callback is called once, and every later Write(),
 *   Flush() and Close() returns false without touching the file.
 * - Mode::Replace writes a temporary file in the same folder (`.NAME.tmp`, a name no capture
 *   can have); Commit() renames it over NAME, so NAME is either absent, the previous file or
 *   the whole new one. Discard(), or destroying an uncommitted file, removes the temporary.
 * - GetFlushedSize() is the size the file had at the last Flush() that succeeded: a writer
 *   that calls Flush() between records only (CaptureFileWriter does) knows that the file is
 *   whole up to there, whatever a later failure left after it.
 *
 * For tests, InjectWriteFault() makes a file of a given name behave as if its disk had only
 * so many bytes free: writes beyond them fail with ENOSPC (vswitch-sim sets it from the
 * `VSWITCH_SIM_FAIL_WRITE` environment variable). Not thread-safe, as ns-3 is not.
 */
class OutputFile
{
  public:
    /// How Open() writes the file.
    enum class Mode
    {
        Truncate, //!< create or truncate the file and write it in place
        Replace,  //!< write a temporary beside it; Commit() renames it into place
    };

    /// The buffer's size: at most this much written data is held in memory.
    static constexpr std::size_t kBufferSize = 64 * 1024;

    /// The callback called at the first failure: the file's path and GetError().
    typedef Callback<void, const std::string&, const std::string&> ErrorCallback;

    OutputFile();
    /// Closes the file (without reporting a failure); removes an uncommitted temporary.
    ~OutputFile();

    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /**
     * \brief Create the file (Mode::Truncate) or its temporary (Mode::Replace); a file
     *        already open is closed first.
     * \param path the file
     * \param mode how to write it
     * \return false when it cannot be created (GetError() says why; the callback is not called)
     */
    bool Open(const std::string& path, Mode mode = Mode::Truncate);

    /**
     * \brief Append bytes.
     * \param data the bytes
     * \param n how many
     * \return false when the file failed (now or before)
     */
    bool Write(const void* data, std::size_t n);

    /**
     * \brief Make room for n bytes in the buffer, so that they go to the system in one
     *        piece with what follows them: flushes first when they would not fit.
     * \param n bytes about to be written
     * \return false when the file failed
     */
    bool Reserve(std::size_t n);

    /// Hand the buffer to the system. \return false when the file failed
    bool Flush();

    /**
     * \brief Flush and close(2). A Mode::Replace file stays under its temporary name until
     *        Commit(). Does nothing (and returns the failure state) when not open.
     * \return false when the file failed
     */
    bool Close();

    /**
     * \brief Mode::Replace: close, then rename the temporary over the path.
     * \return false when the file failed or the rename did
     */
    bool Commit();

    /// Close without reporting, and remove the temporary of a Mode::Replace file.
    void Discard();

    /// \return whether the file is open
    bool IsOpen() const;
    /// \return whether a write, flush, close or rename failed
    bool HasFailed() const;
    /// \return what failed ("cannot write: No space left on device"), "" when nothing did
    const std::string& GetError() const;
    /// \return the path given to Open()
    const std::string& GetPath() const;
    /// \return the path written while open: the temporary for Mode::Replace
    const std::string& GetWritePath() const;
    /// \return bytes accepted by Write() since Open()
    uint64_t GetSize() const;
    /// \return the file's size at the last successful Flush() (or Open())
    uint64_t GetFlushedSize() const;

    /// \param cb called once, at the first failure after Open() (null: none)
    void SetErrorCallback(ErrorCallback cb);

    /**
     * \brief Test hook: files opened from now on whose name (the last part of the path) is
     *        name fail with ENOSPC once they would exceed bytes.
     * \param name a file name, e.g. "summary.json"
     * \param bytes the room left on the "disk" for that file
     */
    static void InjectWriteFault(const std::string& name, uint64_t bytes);
    /// Remove every injected fault.
    static void ClearWriteFaults();

    /**
     * \brief The temporary name Mode::Replace writes for a path: `.NAME.tmp` in its folder.
     * \param path the file
     * \return the temporary's path
     */
    static std::string TemporaryPath(const std::string& path);

  private:
    /// Record the first failure: op and errno's text; calls the callback. \return false
    bool Fail(const char* op, int err);
    /// write(2) all of [data, data+n), or fail.
    bool WriteOut(const char* data, std::size_t n);

    int m_fd{-1};                   //!< the file descriptor, -1 when closed
    Mode m_mode{Mode::Truncate};    //!< how it is written
    std::string m_path;             //!< the path given to Open()
    std::string m_writePath;        //!< the path open(2) was given
    std::vector<char> m_buffer;     //!< kBufferSize bytes once open
    std::size_t m_used{0};          //!< bytes in the buffer
    uint64_t m_size{0};             //!< bytes accepted
    uint64_t m_onDisk{0};           //!< bytes the system accepted
    uint64_t m_flushed{0};          //!< m_onDisk at the last successful Flush()
    uint64_t m_faultAt{UINT64_MAX}; //!< injected: ENOSPC beyond this size
    bool m_failed{false};           //!< a failure happened
    bool m_pendingCommit{false};    //!< Mode::Replace: the temporary exists, not renamed
    std::string m_error;            //!< the first failure
    ErrorCallback m_onError;        //!< called at the first failure
};

/**
 * \ingroup vswitch
 * \brief A std::streambuf over an OutputFile, so that code that prints to a std::ostream
 *        (the console format of pktcap-uw, tables.txt) writes through it. It has no buffer
 *        of its own; `flush` (std::flush, std::endl) flushes the file.
 */
class OutputFileStreamBuf : public std::streambuf
{
  public:
    /// \param file the file (must outlive this)
    explicit OutputFileStreamBuf(OutputFile& file);

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    OutputFile& m_file; //!< the file
};

} // namespace ns3

#endif /* VSWITCH_OUTPUT_FILE_H */
