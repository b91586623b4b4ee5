import {
  Alert,
  Button,
  FileButton,
  Group,
  Paper,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClockX,
  IconHelp,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { InputOf, VerificationAnswer } from '../../../../shared/contract';
import { useCommand } from '../../host/use-command';
import { PageHeader } from '../../ui/PageHeader';
import { readAsBase64 } from '../../ui/FileUpload';

const looks = {
  valid: { title: 'Valid', color: 'teal', icon: IconCircleCheck },
  revoked: { title: 'Revoked', color: 'red', icon: IconX },
  expired: { title: 'Expired', color: 'orange', icon: IconClockX },
  forged: { title: 'Forged', color: 'red', icon: IconAlertTriangle },
  unknown: { title: 'Unknown', color: 'gray', icon: IconHelp },
} as const;

function Verdict({ answer }: { readonly answer: VerificationAnswer }) {
  const look = looks[answer.verdict];
  const facts = answer.facts;
  return (
    <Alert
      color={look.color}
      icon={<look.icon size={20} />}
      title={look.title}
      data-testid="verdict"
      data-verdict={answer.verdict}
      role="status"
    >
      <Stack gap={4}>
        <Text size="sm">{answer.summary}</Text>
        {answer.revokedReason && <Text size="sm">Reason: {answer.revokedReason}</Text>}
        {facts && (
          <Text size="sm" component="div">
            <strong>{facts.holderName}</strong> — {facts.programmeName}. Code {facts.code}, issued{' '}
            {facts.issueDate}
            {facts.expirationDate ? `, valid until ${facts.expirationDate}` : ', does not expire'}.
          </Text>
        )}
        {answer.signedByName && <Text size="sm">Signed by {answer.signedByName}.</Text>}
      </Stack>
    </Alert>
  );
}

const fileTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
type FileType = (typeof fileTypes)[number];
const isFileType = (type: string): type is FileType =>
  (fileTypes as readonly string[]).includes(type);

/** Verify a certificate, for everyone, with no network: a code, a QR text, or a file. */
export function VerifyScreen() {
  const verify = useCommand('certificates.verify');
  const [code, setCode] = useState('');
  const [qrText, setQrText] = useState('');
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (input: InputOf<'certificates.verify'>) => {
    setAnswer(null);
    setProblem(null);
    const result = await verify.run(input);
    if (result.ok) setAnswer(result.value);
    else setProblem(result.error.issues?.[0]?.message ?? result.error.message);
  };

  const chooseFile = async (file: File | null) => {
    if (!file) return;
    if (!isFileType(file.type)) {
      setProblem('Choose a PDF, PNG or JPEG file of the certificate.');
      return;
    }
    if (file.size > 5 * 1024 * 1024) {
      setProblem('Files are at most 5 MB.');
      return;
    }
    await run({
      file: { name: file.name, mimeType: file.type, dataBase64: await readAsBase64(file) },
    });
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        title="Verify a certificate"
        description="Checks a certificate against the organisation’s records and its approver’s signature on this machine — no network needed."
      />
      <Paper withBorder radius="md" p="md">
        <Tabs defaultValue="code" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="code">Code</Tabs.Tab>
            <Tabs.Tab value="qr">QR text</Tabs.Tab>
            <Tabs.Tab value="file">PDF or picture</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="code">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void run({ code });
              }}
            >
              <Group align="flex-end">
                <TextInput
                  label="Certificate code"
                  description="As printed, e.g. MMM-7K2Q-9XHD-C"
                  value={code}
                  onChange={(event) => {
                    setCode(event.currentTarget.value);
                  }}
                  maxLength={40}
                  data-testid="verify-code"
                  style={{ flexGrow: 1 }}
                />
                <Button type="submit" loading={verify.pending}>
                  Verify
                </Button>
              </Group>
            </form>
          </Tabs.Panel>
          <Tabs.Panel value="qr">
            <Stack gap="xs">
              <Textarea
                label="The QR code’s text"
                description="What a phone’s scanner shows, pasted here."
                autosize
                minRows={4}
                maxLength={8000}
                value={qrText}
                onChange={(event) => {
                  setQrText(event.currentTarget.value);
                }}
                data-testid="verify-qr"
              />
              <Group>
                <Button
                  loading={verify.pending}
                  onClick={() => void run({ qrText })}
                  disabled={!qrText.trim()}
                >
                  Verify
                </Button>
              </Group>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="file">
            <Stack gap="xs">
              <Text size="sm">
                A PDF of the certificate, or a photo or scan of it with its QR code.
              </Text>
              <FileButton onChange={(file) => void chooseFile(file)} accept={fileTypes.join(',')}>
                {(props) => (
                  <Button
                    {...props}
                    leftSection={<IconUpload size={16} />}
                    loading={verify.pending}
                    data-testid="verify-file"
                    w="fit-content"
                  >
                    Choose a file
                  </Button>
                )}
              </FileButton>
            </Stack>
          </Tabs.Panel>
        </Tabs>
      </Paper>
      {problem && (
        <Alert color="red" title="Could not verify" role="alert">
          {problem}
        </Alert>
      )}
      {answer && <Verdict answer={answer} />}
    </Stack>
  );
}
