/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Outputs a reader can trust, in process: OutputFile checks every write and close and keeps
 * the system's reason, writes a Mode::Replace file whole or not at all, and honours an
 * injected fault as a disk with that much room would; CaptureFileWriter flushes every N
 * frames, reports its first failure once (fatally without a callback) and keeps the frames
 * that reached the disk whole under NAME.partial.
 */
#include "test-util.h"

#include "ns3/capture-file-writer.h"
#include "ns3/output-file.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace vswitchtest;

namespace
{

namespace fs = std::filesystem;

/// A 60-byte frame (a pcap record of 16 + 60 bytes).
const std::vector<uint8_t> kFrame(60, 0xab);
constexpr uint64_t kRecord = 16 + 60;
constexpr uint64_t kPcapHeader = 24;

/// What a write error callback saw.
struct Failures
{
    int calls{0};       //!< how many times it was called
    std::string path;   //!< the last path
    std::string reason; //!< the last reason

    void Record(const std::string& p, const std::string& r)
    {
        ++calls;
        path = p;
        reason = r;
    }
};

class OutputFileTest : public SimulationTest
{
  protected:
    void TearDown() override
    {
        OutputFile::ClearWriteFaults();
        SimulationTest::TearDown();
    }
};

uint64_t
SizeOf(const std::string& path)
{
    std::error_code ec;
    auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

} // namespace

// An injected fault behaves as a disk with that much room: the bytes up to it are written,
// the rest fails with ENOSPC, the reason is strerror's, the callback runs once.
TEST_F(OutputFileTest, InjectedFault_FailsAtTheByteWithTheSystemsReasonAndCallsBackOnce)
{
    std::string path = OutputDir() + "/data.bin";
    OutputFile::InjectWriteFault("data.bin", 100);
    Failures seen;
    OutputFile f;
    f.SetErrorCallback(MakeCallback(&Failures::Record, &seen));
    ASSERT_TRUE(f.Open(path));
    std::vector<char> bytes(150, 'x');
    EXPECT_TRUE(f.Write(bytes.data(), bytes.size())) << "buffered: nothing reached the disk";
    EXPECT_FALSE(f.Flush());
    EXPECT_TRUE(f.HasFailed());
    EXPECT_EQ(f.GetError(), "cannot write: No space left on device");
    EXPECT_FALSE(f.Write(bytes.data(), 1)) << "a failed file takes nothing more";
    EXPECT_FALSE(f.Close());
    EXPECT_EQ(seen.calls, 1);
    EXPECT_EQ(seen.path, path);
    EXPECT_EQ(seen.reason, "cannot write: No space left on device");
    EXPECT_EQ(SizeOf(path), 100u);
    EXPECT_EQ(f.GetFlushedSize(), 0u);
}

// /dev/full is a real ENOSPC device.
TEST_F(OutputFileTest, DevFull_WriteFailsWithNoSpaceLeftOnDevice)
{
    if (!fs::exists("/dev/full"))
    {
        GTEST_SKIP() << "no /dev/full on this system";
    }
    OutputFile f;
    ASSERT_TRUE(f.Open("/dev/full"));
    EXPECT_TRUE(f.Write("hello", 5));
    EXPECT_FALSE(f.Close());
    EXPECT_EQ(f.GetError(), "cannot write: No space left on device");
}

TEST_F(OutputFileTest, CannotCreate_SaysWhy)
{
    OutputFile f;
    EXPECT_FALSE(f.Open(OutputDir() + "/no-such-folder/x.txt"));
    EXPECT_EQ(f.GetError(), "cannot create it: No such file or directory");
    EXPECT_FALSE(f.Write("x", 1));
}

// Mode::Replace: the file appears only at Commit(), whole; a failed or discarded one leaves
// the previous file and no temporary.
TEST_F(OutputFileTest, Replace_FileAppearsWholeAtCommitOrNotAtAll)
{
    std::string dir = OutputDir();
    std::string path = dir + "/summary.json";
    std::string tmp = dir + "/.summary.json.tmp";
    EXPECT_EQ(OutputFile::TemporaryPath(path), tmp);
    {
        OutputFile f;
        ASSERT_TRUE(f.Open(path, OutputFile::Mode::Replace));
        std::string text(100000, 'a'); // more than the buffer
        ASSERT_TRUE(f.Write(text.data(), text.size()));
        EXPECT_FALSE(fs::exists(path));
        EXPECT_TRUE(fs::exists(tmp));
        ASSERT_TRUE(f.Commit());
        EXPECT_EQ(SizeOf(path), 100000u);
        EXPECT_FALSE(fs::exists(tmp));
    }
    OutputFile::InjectWriteFault("summary.json", 10);
    {
        OutputFile f;
        ASSERT_TRUE(f.Open(path, OutputFile::Mode::Replace));
        f.Write("{ \"new\": true }\n", 16);
        EXPECT_FALSE(f.Commit());
        EXPECT_NE(f.GetError().find("No space left on device"), std::string::npos);
    } // the destructor removes the temporary
    EXPECT_EQ(SizeOf(path), 100000u) << "the previous file stays as it was";
    EXPECT_FALSE(fs::exists(tmp));
    {
        OutputFile f;
        ASSERT_TRUE(f.Open(dir + "/other.txt", OutputFile::Mode::Replace));
        f.Write("x", 1);
        f.Discard();
    }
    EXPECT_FALSE(fs::exists(dir + "/other.txt"));
    EXPECT_FALSE(fs::exists(dir + "/.other.txt.tmp"));
}

// The stream adapter: what is printed goes through the file, a failure shows in the stream.
TEST_F(OutputFileTest, StreamBuf_FailureSetsTheStreamsBadBit)
{
    std::string path = OutputDir() + "/tables.txt";
    OutputFile::InjectWriteFault("tables.txt", 5);
    OutputFile f;
    ASSERT_TRUE(f.Open(path));
    OutputFileStreamBuf buf(f);
    std::ostream os(&buf);
    os << "0123";
    EXPECT_TRUE(os.good());
    os << "456789" << std::flush;
    EXPECT_TRUE(os.bad());
    EXPECT_TRUE(f.HasFailed());
    EXPECT_EQ(SizeOf(path), 5u);
}

// Frames reach the disk every N frames, whole records at a time; the header at once.
TEST_F(OutputFileTest, CaptureWriter_FlushesEveryNFramesAndTheDefaultIsTheGlobal)
{
    std::string path = OutputDir() + "/flush.pcap";
    {
        CaptureFileWriter w;
        w.SetFlushFrames(5);
        w.Open(path, false, 65535);
        EXPECT_EQ(SizeOf(path), kPcapHeader) << "the header is on disk at once";
        for (int i = 0; i < 4; ++i)
        {
            w.Write(Seconds(i), kFrame, 60);
        }
        EXPECT_EQ(SizeOf(path), kPcapHeader) << "4 frames wait in the buffer";
        w.Write(Seconds(5), kFrame, 60);
        EXPECT_EQ(SizeOf(path), kPcapHeader + 5 * kRecord) << "the 5th frame flushes";
    }
    // The default: CaptureFlushFrames, 100.
    CaptureFileWriter w;
    w.Open(path, false, 65535);
    for (int i = 0; i < 99; ++i)
    {
        w.Write(Seconds(i), kFrame, 60);
    }
    EXPECT_EQ(SizeOf(path), kPcapHeader);
    w.Write(Seconds(100), kFrame, 60);
    EXPECT_EQ(SizeOf(path), kPcapHeader + 100 * kRecord);
    EXPECT_TRUE(w.Close());
}

// A full disk in the middle of a record: the callback hears it once, at that frame; later
// frames are dropped; KeepAsPartial() leaves the whole frames that reached the disk.
TEST_F(OutputFileTest, CaptureWriter_FailureIsReportedOnceAndKeptWholeAsPartial)
{
    std::string path = OutputDir() + "/cap.pcap";
    // Room for the header, 3 records and half of the 4th.
    OutputFile::InjectWriteFault("cap.pcap", kPcapHeader + 3 * kRecord + kRecord / 2);
    Failures seen;
    CaptureFileWriter w;
    w.SetErrorCallback(MakeCallback(&Failures::Record, &seen));
    w.SetFlushFrames(1);
    w.Open(path, false, 65535);
    for (int i = 0; i < 3; ++i)
    {
        w.Write(Seconds(i), kFrame, 60);
    }
    EXPECT_EQ(seen.calls, 0);
    w.Write(Seconds(3), kFrame, 60);
    EXPECT_EQ(seen.calls, 1) << "known at the frame that met the full disk";
    EXPECT_EQ(seen.path, path);
    EXPECT_EQ(seen.reason, "cannot write: No space left on device");
    EXPECT_TRUE(w.HasFailed());
    w.Write(Seconds(4), kFrame, 60);
    EXPECT_FALSE(w.Close());
    EXPECT_EQ(seen.calls, 1) << "reported once";
    EXPECT_EQ(SizeOf(path), kPcapHeader + 3 * kRecord + kRecord / 2) << "cut mid-record";

    std::string partial = w.KeepAsPartial();
    EXPECT_EQ(partial, path + ".partial");
    EXPECT_FALSE(fs::exists(path));
    EXPECT_EQ(SizeOf(partial), kPcapHeader + 3 * kRecord) << "cut back to the last whole frame";
    EXPECT_EQ(ReadPcap(partial).size(), 3u);
    if (HaveTshark())
    {
        std::string err = partial + ".err";
        std::string cmd = "tshark -r '" + partial + "' > /dev/null 2> '" + err + "'";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << Slurp(err);
        EXPECT_EQ(Slurp(err).find("cut short"), std::string::npos) << Slurp(err);
    }
}

// Without a callback a failure is fatal and names the file: never silent.
TEST_F(OutputFileTest, CaptureWriter_FailureWithoutCallbackIsFatal)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    std::string path = OutputDir() + "/fatal.pcap";
    EXPECT_DEATH(
        {
            OutputFile::InjectWriteFault("fatal.pcap", 30);
            CaptureFileWriter w;
            w.SetFlushFrames(1);
            w.Open(path, false, 65535);
            w.Write(Seconds(1), kFrame, 60);
        },
        "fatal.pcap: cannot write: No space left on device");
}
