package city.citywatch.training.flood;

/** Overlap of a predicted water mask with the ground truth, for the water class. */
public record MaskScore(double iou, double dice) {
    public static MaskScore of(boolean[] predicted, boolean[] truth) {
        long inter = 0, p = 0, t = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i]) p++;
            if (truth[i]) t++;
            if (predicted[i] && truth[i]) inter++;
        }
        long union = p + t - inter;
        double iou = union == 0 ? 1 : (double) inter / union;
        double dice = p + t == 0 ? 1 : 2.0 * inter / (p + t);
        return new MaskScore(iou, dice);
    }
}
