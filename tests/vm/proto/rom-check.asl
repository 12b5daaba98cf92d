/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 * rom-check.asl - test helper loaded next to a _ROM table by proto/run.sh:
 * \OVCK (Off, Len) returns Package {SizeOf, checksum} of
 * \_SB.PCI0.S08.S00._ROM (Off, Len), checksum = checksum * 31 + byte
 * (32-bit), so whole 4 KiB answers can be compared with the host's file.
 */
DefinitionBlock ("", "SSDT", 1, "OPTVF", "ROMCHECK", 0x00000001)
{
    External (\_SB.PCI0.S08.S00._ROM, MethodObj)

    Method (\OVCK, 2, Serialized)
    {
        Local0 = \_SB.PCI0.S08.S00._ROM (Arg0, Arg1)
        Local1 = SizeOf (Local0)
        Local2 = Zero
        Local3 = Zero
        While (Local3 < Local1)
        {
            Local2 = (Local2 * 31) + DerefOf (Local0 [Local3])
            Local3++
        }
        Local4 = Package (0x02) {}
        Local4 [Zero] = Local1
        Local4 [One] = Local2
        Return (Local4)
    }
}
