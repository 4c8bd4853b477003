// The OWL 2 DL profile check of the OWL API (OWL2DLProfile), for tests/test_owl_profile.py.
//
// Usage: java -cp <owlapi jars>:<dir> OwlProfileCheck FILE
// Loads FILE (.ttl Turtle or .owl/.rdf RDF/XML, the formats the OWL API parses without rdf4j) as one
// ontology, without following owl:imports, and prints one line per profile violation and one per triple the RDF mapping could not turn into an
// OWL 2 axiom (a triple the OWL API drops is as far outside OWL 2 DL as a reported violation),
// sorted, so that two runs print the same text. Exit status: 0 none, 1 some, 2 the file did not load.
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public final class OwlProfileCheck {
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: OwlProfileCheck FILE");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // The check is about this file: an import would be fetched from the network.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
                .setFollowRedirects(false);
        // The parser named by the file's extension only: left to guess, the OWL API tries every parser
        // it has and one of them accepts a broken Turtle file as an empty ontology.
        String name = args[0].toLowerCase(java.util.Locale.ROOT);
        OWLDocumentFormat expected = name.endsWith(".ttl") ? new TurtleDocumentFormat()
                : name.endsWith(".owl") || name.endsWith(".rdf") ? new RDFXMLDocumentFormat() : null;
        if (expected == null) {
            System.err.println(args[0] + ": expected a .ttl, .owl or .rdf file");
            System.exit(2);
        }
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(new File(args[0]), expected), config);
        } catch (Exception ex) {
            // the parser's own words (they name the line) are buried in a log with stack traces
            String message = String.valueOf(ex.getMessage());
            String detail = message.lines().filter(l -> l.matches(".*\\bline \\d+.*")).findFirst()
                    .map(l -> l.replaceAll("\\s+(org|uk|java)\\..*", "").trim())
                    .orElse(message.lines().findFirst().orElse(""));
            System.err.println(args[0] + ": not loaded by the OWL API: " + detail);
            System.exit(2);
            return;
        }
        List<String> lines = new ArrayList<>();
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            lines.add(v.getClass().getSimpleName() + ": " + v);
        }
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        format.getOntologyLoaderMetaData().ifPresent(meta -> {
            if (meta instanceof RDFParserMetaData) {
                ((RDFParserMetaData) meta).getUnparsedTriples().forEach(t -> lines.add("UnparsedTriple: " + t));
            }
        });
        Collections.sort(lines);
        for (String line : lines) {
            System.out.println(line.replace('\n', ' '));
        }
        System.out.println(lines.size() + " violations");
        System.exit(lines.isEmpty() ? 0 : 1);
    }
}
