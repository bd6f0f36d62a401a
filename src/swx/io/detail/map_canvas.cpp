#define SWX_IO_INTERNAL
// The map's fonts: UTF-8 decoding, the 5x7 bitmap fallback, and glyphs through FreeType.

#include <swx/io/detail/map_canvas.hpp>

#include <swx/core/base/error.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>
#include <gdal.h>

#include <filesystem>
#include <map>

namespace swx::io::detail {

namespace {

// The fallback font: 5x7 glyphs, one row per entry, bit 4 = leftmost column.
const std::map<char, std::array<std::uint8_t, 7>>& bitmap_font() {
    static const std::map<char, std::array<std::uint8_t, 7>> f{
        {'A', {14, 17, 17, 31, 17, 17, 17}}, {'B', {30, 17, 17, 30, 17, 17, 30}}, {'C', {14, 17, 16, 16, 16, 17, 14}},
        {'D', {30, 17, 17, 17, 17, 17, 30}}, {'E', {31, 16, 16, 30, 16, 16, 31}}, {'F', {31, 16, 16, 30, 16, 16, 16}},
        {'G', {14, 17, 16, 23, 17, 17, 15}}, {'H', {17, 17, 17, 31, 17, 17, 17}}, {'I', {14, 4, 4, 4, 4, 4, 14}},
        {'J', {7, 2, 2, 2, 2, 18, 12}},      {'K', {17, 18, 20, 24, 20, 18, 17}}, {'L', {16, 16, 16, 16, 16, 16, 31}},
        {'M', {17, 27, 21, 21, 17, 17, 17}}, {'N', {17, 17, 25, 21, 19, 17, 17}}, {'O', {14, 17, 17, 17, 17, 17, 14}},
        {'P', {30, 17, 17, 30, 16, 16, 16}}, {'Q', {14, 17, 17, 17, 21, 18, 13}}, {'R', {30, 17, 17, 30, 20, 18, 17}},
        {'S', {15, 16, 16, 14, 1, 1, 30}},   {'T', {31, 4, 4, 4, 4, 4, 4}},       {'U', {17, 17, 17, 17, 17, 17, 14}},
        {'V', {17, 17, 17, 17, 17, 10, 4}},  {'W', {17, 17, 17, 21, 21, 21, 10}}, {'X', {17, 17, 10, 4, 10, 17, 17}},
        {'Y', {17, 17, 10, 4, 4, 4, 4}},     {'Z', {31, 1, 2, 4, 8, 16, 31}},     {'0', {14, 17, 19, 21, 25, 17, 14}},
        {'1', {4, 12, 4, 4, 4, 4, 14}},      {'2', {14, 17, 1, 2, 4, 8, 31}},     {'3', {31, 2, 4, 2, 1, 17, 14}},
        {'4', {2, 6, 10, 18, 31, 2, 2}},     {'5', {31, 16, 30, 1, 1, 17, 14}},   {'6', {6, 8, 16, 30, 17, 17, 14}},
        {'7', {31, 1, 2, 4, 8, 8, 8}},       {'8', {14, 17, 17, 14, 17, 17, 14}}, {'9', {14, 17, 17, 15, 1, 2, 12}},
        {'.', {0, 0, 0, 0, 0, 12, 12}},      {'-', {0, 0, 0, 31, 0, 0, 0}},       {'/', {0, 1, 2, 4, 8, 16, 0}},
        {':', {0, 12, 12, 0, 12, 12, 0}},    {'(', {2, 4, 8, 8, 8, 4, 2}},        {')', {8, 4, 2, 2, 2, 4, 8}},
        {',', {0, 0, 0, 0, 12, 4, 8}},       {'%', {24, 25, 2, 4, 8, 19, 3}},     {'=', {0, 0, 31, 0, 31, 0, 0}},
        {'+', {0, 4, 4, 31, 4, 4, 0}},       {'<', {2, 4, 8, 16, 8, 4, 2}},       {'>', {8, 4, 2, 1, 2, 4, 8}},       {'?', {14, 17, 1, 2, 4, 0, 4}},
    };
    return f;
}

/// UTF-8 to code points; a malformed byte becomes U+FFFD.
std::u32string decode_utf8(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        bool ok = i + static_cast<std::size_t>(extra) < s.size();
        for (int k = 1; ok && k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        out += cp;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

/// The bitmap font's character for a code point: upper case, Latin-1 letters folded to their base
/// letter (é -> E, å -> A), dashes to '-', anything else it cannot show to '?'.
char bitmap_char(char32_t cp) {
    if (cp < 0x80) {
        return static_cast<char>(std::toupper(static_cast<int>(cp)));
    }
    if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212) {
        return '-';
    }
    if (cp == 0x2265 || cp == 0x2264) {
        return cp == 0x2265 ? '>' : '<';
    }
    if (cp == 0xB0) {
        return ' ';  // the degree sign
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        static const char* fold = "AAAAAAACEEEEIIIIDNOOOOOXOUUUUYTSAAAAAAACEEEEIIIIDNOOOOO/OUUUUYTY";
        return fold[cp - 0xC0];
    }
    return '?';
}

}  // namespace

Font::Font() {
    const std::string path = map_font_path();
    if (path.empty() || FT_Init_FreeType(&m_library) != 0) {
        return;
    }
    if (FT_New_Face(m_library, path.c_str(), 0, &m_face) != 0 || FT_Set_Pixel_Sizes(m_face, 0, size_px) != 0) {
        if (m_face != nullptr) {
            FT_Done_Face(m_face);
            m_face = nullptr;
        }
        return;
    }
    m_path = path;
}

Font::~Font() {
    if (m_face != nullptr) {
        FT_Done_Face(m_face);
    }
    if (m_library != nullptr) {
        FT_Done_FreeType(m_library);
    }
}

int Font::draw(Canvas* canvas, int x, int y, const std::string& s, Rgb c) const {
    const std::u32string text = decode_utf8(s);
    if (m_face == nullptr) {
        for (const char32_t cp : text) {
            const auto it = bitmap_font().find(bitmap_char(cp));
            if (canvas != nullptr && it != bitmap_font().end()) {
                for (int row = 0; row < 7; ++row) {
                    for (int col = 0; col < 5; ++col) {
                        if ((it->second[static_cast<std::size_t>(row)] >> (4 - col)) & 1) {
                            canvas->fill(x + col * 2, y + row * 2, x + col * 2 + 1, y + row * 2 + 1, c);
                        }
                    }
                }
            }
            x += 12;
        }
        return x;
    }
    const int baseline = y + static_cast<int>(m_face->size->metrics.ascender >> 6) - 1;
    for (const char32_t cp : text) {
        if (FT_Load_Char(m_face, cp, canvas != nullptr ? FT_LOAD_RENDER : FT_LOAD_DEFAULT) != 0) {
            continue;
        }
        const FT_GlyphSlot g = m_face->glyph;
        if (canvas != nullptr) {
            const FT_Bitmap& b = g->bitmap;
            for (unsigned row = 0; row < b.rows; ++row) {
                for (unsigned col = 0; col < b.width; ++col) {
                    const int alpha = b.buffer[static_cast<std::ptrdiff_t>(row) * b.pitch + col];
                    canvas->blend(x + g->bitmap_left + static_cast<int>(col), baseline - g->bitmap_top + static_cast<int>(row), c,
                                  alpha);
                }
            }
        }
        x += static_cast<int>(g->advance.x >> 6);
    }
    return x;
}

std::string Font::map_font_path() {
    auto readable = [](const std::string& p) {
        std::error_code ec;
        return !p.empty() && std::filesystem::is_regular_file(p, ec);
    };
    if (const char* env = std::getenv("SWXRISK_MAP_FONT")) {
        return readable(env) ? std::string(env) : std::string();
    }
    for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                          "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/local/share/fonts/DejaVuSans.ttf"}) {
        if (readable(p)) {
            return p;
        }
    }
    return {};
}


/// Writes the canvas through GDAL: a MEM RGB dataset copied to PNG (no .aux.xml left behind).
void encode_png(const Canvas& canvas, const std::filesystem::path& path) {
    ensure_gdal();
    const int w = canvas.width();
    const int h = canvas.height();
    GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr);
    if (mem == nullptr) {
        throw Error({"writers.png", path.string(), "", "", ""}, "cannot allocate the image");
    }
    std::vector<std::uint8_t> band(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int b = 0; b < 3; ++b) {
        for (std::size_t i = 0; i < band.size(); ++i) {
            const Rgb& c = canvas.pixels()[i];
            band[i] = b == 0 ? c.r : (b == 1 ? c.g : c.b);
        }
        if (GDALRasterIO(GDALGetRasterBand(mem, b + 1), GF_Write, 0, 0, w, h, band.data(), w, h, GDT_Byte, 0, 0) !=
            CE_None) {
            GDALClose(mem);
            throw Error({"writers.png", path.string(), "", "", ""}, "cannot fill the image");
        }
    }
    GDALDatasetH png = GDALCreateCopy(GDALGetDriverByName("PNG"), path.c_str(), mem, FALSE, nullptr, nullptr, nullptr);
    GDALClose(mem);
    if (png == nullptr) {
        throw Error({"writers.png", path.string(), "", "", ""},
                    std::string("cannot write the PNG: ") + CPLGetLastErrorMsg());
    }
    GDALClose(png);
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(path.string() + ".aux.xml"), ec);
}

}  // namespace swx::io::detail
