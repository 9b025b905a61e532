package city.citywatch.ingest.onvif;

/** GetDeviceInformation's answer. */
public record DeviceInformation(String manufacturer, String model, String firmwareVersion, String serialNumber,
                                String hardwareId) {
}
