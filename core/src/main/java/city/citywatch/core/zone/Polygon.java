package city.citywatch.core.zone;

import city.citywatch.core.validation.ValidationException;

import java.util.List;

/**
 * A simple polygon in normalised image coordinates. Constructed only valid: at least three points, all
 * within 0..1, no two non-adjacent edges crossing. Resolution-independent so a zone survives a camera's
 * stream being switched between main and sub-stream.
 */
public record Polygon(List<Point> points) {
    public Polygon {
        if (points == null || points.size() < 3) {
            throw new ValidationException("polygon", "needs at least 3 points, got " + (points == null ? 0 : points.size()));
        }
        points = List.copyOf(points);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p == null) throw new ValidationException("polygon[" + i + "]", "is missing");
            if (!(p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1)) {
                throw new ValidationException("polygon[" + i + "]",
                        "coordinates must be normalised to 0..1, got (" + p.x() + ", " + p.y() + ")");
            }
        }
        int n = points.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (adjacent) continue;
                if (segmentsIntersect(points.get(i), points.get((i + 1) % n), points.get(j), points.get((j + 1) % n))) {
                    throw new ValidationException("polygon",
                            "is self-intersecting: edge " + i + " crosses edge " + j);
                }
            }
        }
        if (Math.abs(signedArea(points)) < 1e-9) {
            throw new ValidationException("polygon", "has zero area (all points on one line)");
        }
    }

    public static Polygon of(double... xy) {
        if (xy.length % 2 != 0) throw new IllegalArgumentException("odd number of coordinates");
        Point[] pts = new Point[xy.length / 2];
        for (int i = 0; i < pts.length; i++) pts[i] = new Point(xy[2 * i], xy[2 * i + 1]);
        return new Polygon(List.of(pts));
    }

    /** Even-odd ray casting; points on an edge may fall either way, which is fine at pixel precision. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        int n = points.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            Point a = points.get(i), b = points.get(j);
            if ((a.y() > y) != (b.y() > y)
                    && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x()) {
                inside = !inside;
            }
        }
        return inside;
    }

    public double area() {
        return Math.abs(signedArea(points));
    }

    private static double signedArea(List<Point> pts) {
        double s = 0;
        for (int i = 0, n = pts.size(); i < n; i++) {
            Point a = pts.get(i), b = pts.get((i + 1) % n);
            s += a.x() * b.y() - b.x() * a.y();
        }
        return s / 2;
    }

    private static boolean segmentsIntersect(Point p1, Point p2, Point p3, Point p4) {
        double d1 = cross(p3, p4, p1), d2 = cross(p3, p4, p2), d3 = cross(p1, p2, p3), d4 = cross(p1, p2, p4);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && onSegment(p3, p4, p1)) || (d2 == 0 && onSegment(p3, p4, p2))
                || (d3 == 0 && onSegment(p1, p2, p3)) || (d4 == 0 && onSegment(p1, p2, p4));
    }

    private static double cross(Point a, Point b, Point c) {
        return (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
    }

    private static boolean onSegment(Point a, Point b, Point p) {
        return Math.min(a.x(), b.x()) <= p.x() && p.x() <= Math.max(a.x(), b.x())
                && Math.min(a.y(), b.y()) <= p.y() && p.y() <= Math.max(a.y(), b.y());
    }
}
