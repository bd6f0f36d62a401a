#include <swx/io/gdal_session.hpp>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <mutex>

namespace swx::io {

namespace {
// GDAL's default handler prints to stderr; swxrisk reports failures itself through exceptions that
// name the file, layer and field, so GDAL's own chatter is kept quiet.
void CPL_STDCALL quiet_handler(CPLErr /*cls*/, CPLErrorNum /*num*/, const char* /*msg*/) {}
}  // namespace

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(quiet_handler);
    });
}

}  // namespace swx::io
