package city.citywatch.core.detection;

/** An axis-aligned box in source-image pixels, corners (x1,y1) top-left and (x2,y2) bottom-right. */
public record BoundingBox(double x1, double y1, double x2, double y2) {

    public static BoundingBox ofXywh(double x, double y, double w, double h) {
        return new BoundingBox(x, y, x + w, y + h);
    }

    public double width() {
        return Math.max(0, x2 - x1);
    }

    public double height() {
        return Math.max(0, y2 - y1);
    }

    public double area() {
        return width() * height();
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    public double iou(BoundingBox o) {
        double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        return inter / (area() + o.area() - inter);
    }
}
