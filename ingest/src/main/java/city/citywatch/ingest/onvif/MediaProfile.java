package city.citywatch.ingest.onvif;

/**
 * One media profile of a device (Media GetProfiles): a stream the device offers.
 *
 * @param encoding  H264, H265, JPEG, MPEG4 as the device names it; null if the profile has no video encoder
 * @param width     0 when the device does not say
 * @param frameRate the encoder's frame rate limit, 0 when not said
 */
public record MediaProfile(String token, String name, String encoding, int width, int height, int frameRate) {
    public long pixels() {
        return (long) width * height;
    }
}
