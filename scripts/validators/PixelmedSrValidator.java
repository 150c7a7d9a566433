// Runs PixelMed's SR template validator (com.pixelmed.validate.DicomSRValidator) on several
// files in one JVM. Its own main() takes a single file; starting Java and loading its
// 6 MB stylesheet once per file is what made each run cost half a minute. Same checks and
// options as that main() with no flags: validate(path) is what it calls.
//
// Run as a source file (the JRE compiles it in memory, no javac needed):
//   java <flags from validators.md> -cp /usr/share/java/pixelmed.jar PixelmedSrValidator.java A.dcm B.dcm
// Each file's report is framed by "=== FILE <path>" and "=== END <path>" lines.
import com.pixelmed.validate.DicomSRValidator;

public class PixelmedSrValidator {
  public static void main(String[] args) throws Exception {
    DicomSRValidator validator = new DicomSRValidator();
    for (String path : args) {
      System.out.println("=== FILE " + path);
      System.out.print(validator.validate(path));
      System.out.println("=== END " + path);
    }
  }
}
