#include "data/demo/demo_gzip.h"

#include "common/error.h"

#include <zlib.h>

#include <cstring>
#include <limits>

namespace crsw {

std::string gzipDeterministic(const std::string &data)
{
    // One deflate call takes at most 4 GiB; the demo files are a few MB.
    if (data.size() > std::numeric_limits<uInt>::max() / 2)
        throw Error("gzip: input too large");
    z_stream stream;
    std::memset(&stream, 0, sizeof stream);
    // windowBits 15 + 16: a gzip wrapper instead of zlib's.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error("gzip: deflateInit2 failed");
    // zlib's default header would carry the OS it was built for (it differs
    // between Unix, Windows and macOS builds); set every field explicitly.
    gz_header header;
    std::memset(&header, 0, sizeof header);
    header.time = 0;
    header.os = 3; // Unix
    if (deflateSetHeader(&stream, &header) != Z_OK) {
        deflateEnd(&stream);
        throw Error("gzip: deflateSetHeader failed");
    }

    std::string out;
    out.resize(deflateBound(&stream, uLong(data.size())) + 64);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(&out[0]);
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const auto written = stream.total_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        throw Error("gzip: deflate did not finish");
    out.resize(written);
    return out;
}

} // namespace crsw
