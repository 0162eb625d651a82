/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "output-file.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OutputFile");

namespace
{

/// Injected faults: file name -> bytes it may hold.
std::map<std::string, uint64_t>&
Faults()
{
    static std::map<std::string, uint64_t> faults;
    return faults;
}

/// The last part of a path.
std::string
BaseName(const std::string& path)
{
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

OutputFile::OutputFile()
{
    NS_LOG_FUNCTION(this);
}

OutputFile::~OutputFile()
{
    NS_LOG_FUNCTION(this);
    Discard();
}

std::string
OutputFile::TemporaryPath(const std::string& path)
{
    std::size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    return dir + "." + BaseName(path) + ".tmp";
}

bool
OutputFile::Open(const std::string& path, Mode mode)
{
    NS_LOG_FUNCTION(this << path << static_cast<int>(mode));
    Discard();
    m_path = path;
    m_mode = mode;
    m_writePath = mode == Mode::Replace ? TemporaryPath(path) : path;
    m_used = 0;
    m_size = 0;
    m_onDisk = 0;
    m_flushed = 0;
    m_failed = false;
    m_pendingCommit = false;
    m_error.clear();
    int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    if (mode == Mode::Replace)
    {
        // A temporary left by a run that was killed is replaced; O_EXCL after the unlink
        // never writes through a link someone put there.
        ::unlink(m_writePath.c_str());
        flags |= O_EXCL;
    }
    int fd;
    do
    {
        fd = ::open(m_writePath.c_str(), flags, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
    {
        m_failed = true;
        m_error = std::string("cannot create it: ") + std::strerror(errno);
        return false;
    }
    m_fd = fd;
    m_pendingCommit = mode == Mode::Replace;
    m_buffer.resize(kBufferSize);
    auto fault = Faults().find(BaseName(path));
    m_faultAt = fault == Faults().end() ? UINT64_MAX : fault->second;
    return true;
}

bool
OutputFile::Fail(const char* op, int err)
{
    if (!m_failed)
    {
        m_failed = true;
        m_error = std::string(op) + ": " + std::strerror(err);
        NS_LOG_WARN(m_path << ": " << m_error);
        if (!m_onError.IsNull())
        {
            m_onError(m_path, m_error);
        }
    }
    return false;
}

bool
OutputFile::WriteOut(const char* data, std::size_t n)
{
    while (n > 0)
    {
        std::size_t chunk = n;
        bool injected = false;
        if (m_onDisk + chunk > m_faultAt)
        {
            chunk = m_faultAt > m_onDisk ? static_cast<std::size_t>(m_faultAt - m_onDisk) : 0;
            injected = chunk == 0;
        }
        ssize_t done = injected ? -1 : ::write(m_fd, data, chunk);
        if (done < 0)
        {
            int err = injected ? ENOSPC : errno;
            if (err == EINTR)
            {
                continue;
            }
            return Fail("cannot write", err);
        }
        if (done == 0)
        {
            return Fail("cannot write", ENOSPC);
        }
        data += done;
        n -= static_cast<std::size_t>(done);
        m_onDisk += static_cast<uint64_t>(done);
    }
    return true;
}

bool
OutputFile::Write(const void* data, std::size_t n)
{
    if (m_failed || m_fd < 0)
    {
        return false;
    }
    if (n == 0)
    {
        return true; // data may be null (an empty pcapng option): no memcpy
    }
    const char* p = static_cast<const char*>(data);
    m_size += n;
    if (m_used + n <= m_buffer.size())
    {
        std::memcpy(m_buffer.data() + m_used, p, n);
        m_used += n;
        return true;
    }
    // Fill the buffer, hand it over, then keep the rest (or write it straight through when
    // it is larger than the buffer).
    std::size_t first = m_buffer.size() - m_used;
    std::memcpy(m_buffer.data() + m_used, p, first);
    m_used = 0;
    if (!WriteOut(m_buffer.data(), m_buffer.size()))
    {
        return false;
    }
    p += first;
    n -= first;
    if (n >= m_buffer.size())
    {
        return WriteOut(p, n);
    }
    std::memcpy(m_buffer.data(), p, n);
    m_used = n;
    return true;
}

bool
OutputFile::Reserve(std::size_t n)
{
    if (m_failed || m_fd < 0)
    {
        return false;
    }
    return m_used + n <= m_buffer.size() || Flush();
}

bool
OutputFile::Flush()
{
    if (m_failed || m_fd < 0)
    {
        return false;
    }
    std::size_t used = m_used;
    m_used = 0;
    if (!WriteOut(m_buffer.data(), used))
    {
        return false;
    }
    m_flushed = m_onDisk;
    return true;
}

bool
OutputFile::Close()
{
    if (m_fd < 0)
    {
        return !m_failed;
    }
    NS_LOG_FUNCTION(this << m_path << m_size);
    bool ok = Flush();
    int fd = m_fd;
    m_fd = -1;
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    // close(2) can report what an earlier write could not (NFS, quotas); on Linux the
    // descriptor is gone even when it fails with EINTR, so it is never retried.
    if (::close(fd) != 0 && ok)
    {
        return Fail("cannot close", errno);
    }
    return ok;
}

bool
OutputFile::Commit()
{
    NS_LOG_FUNCTION(this << m_path);
    if (!Close())
    {
        return false;
    }
    if (m_pendingCommit)
    {
        if (std::rename(m_writePath.c_str(), m_path.c_str()) != 0)
        {
            return Fail("cannot rename it into place", errno);
        }
        m_pendingCommit = false;
    }
    return true;
}

void
OutputFile::Discard()
{
    if (m_fd >= 0)
    {
        ::close(m_fd);
        m_fd = -1;
        m_buffer.clear();
        m_buffer.shrink_to_fit();
    }
    if (m_pendingCommit)
    {
        ::unlink(m_writePath.c_str());
        m_pendingCommit = false;
    }
}

bool
OutputFile::IsOpen() const
{
    return m_fd >= 0;
}

bool
OutputFile::HasFailed() const
{
    return m_failed;
}

const std::string&
OutputFile::GetError() const
{
    return m_error;
}

const std::string&
OutputFile::GetPath() const
{
    return m_path;
}

const std::string&
OutputFile::GetWritePath() const
{
    return m_writePath;
}

uint64_t
OutputFile::GetSize() const
{
    return m_size;
}

uint64_t
OutputFile::GetFlushedSize() const
{
    return m_flushed;
}

void
OutputFile::SetErrorCallback(ErrorCallback cb)
{
    m_onError = cb;
}

void
OutputFile::InjectWriteFault(const std::string& name, uint64_t bytes)
{
    NS_LOG_FUNCTION(name << bytes);
    Faults()[name] = bytes;
}

void
OutputFile::ClearWriteFaults()
{
    Faults().clear();
}

// -------------------------------------------------------------------------------------------

OutputFileStreamBuf::OutputFileStreamBuf(OutputFile& file)
    : m_file(file)
{
}

OutputFileStreamBuf::int_type
OutputFileStreamBuf::overflow(int_type c)
{
    if (traits_type::eq_int_type(c, traits_type::eof()))
    {
        return traits_type::not_eof(c);
    }
    char ch = traits_type::to_char_type(c);
    return m_file.Write(&ch, 1) ? c : traits_type::eof();
}

std::streamsize
OutputFileStreamBuf::xsputn(const char* s, std::streamsize n)
{
    return m_file.Write(s, static_cast<std::size_t>(n)) ? n : 0;
}

int
OutputFileStreamBuf::sync()
{
    return m_file.Flush() ? 0 : -1;
}

} // namespace ns3
